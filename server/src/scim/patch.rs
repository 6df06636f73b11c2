//! PATCH (RFC 7644 §3.5.2) applied to a resource's JSON: `add`, `replace` and `remove`, with
//! or without a path, on simple, complex and multi-valued attributes, value filters
//! (`members[value eq "..."]`) and their sub-attributes (`emails[type eq "work"].value`).
//! The result is then read like a PUT's body, so a PATCH meets the same rules.
use super::ScimProblem;
use app::search::scim_filter::{parse_path, AttrPath, CompValue, CompareOp, Filter, PatchPath};
use serde_json::{Map, Value};

pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Replace,
    Remove,
}

/// Applies the operations of `body` to `resource` (whose core schema is `core`).
pub fn apply(resource: &mut Value, body: &Value, core: &str) -> Result<(), ScimProblem> {
    let syntax = |detail: &str| ScimProblem::bad("invalidSyntax", detail);
    let body = body
        .as_object()
        .ok_or_else(|| syntax("The body is not a PatchOp message."))?;
    let is_patch = get(body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| {
            s.iter().any(|s| {
                s.as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(PATCH_SCHEMA))
            })
        });
    if !is_patch {
        return Err(syntax("schemas must name the PatchOp message."));
    }
    let operations = get(body, "Operations")
        .and_then(Value::as_array)
        .filter(|ops| !ops.is_empty())
        .ok_or_else(|| syntax("Operations must list at least one operation."))?;
    for operation in operations {
        let operation = operation
            .as_object()
            .ok_or_else(|| syntax("Each operation is an object."))?;
        let op = match get(operation, "op")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("add") => Op::Add,
            Some("replace") => Op::Replace,
            Some("remove") => Op::Remove,
            _ => return Err(syntax("op must be add, replace or remove.")),
        };
        let value = get(operation, "value");
        let root = resource.as_object_mut().expect("a resource is an object");
        match get(operation, "path").and_then(Value::as_str) {
            // A whole extension: its attributes as a path-less operation inside it, or gone.
            Some(path) if path.to_ascii_lowercase().starts_with("urn:") && is_extension(path) => {
                match op {
                    Op::Remove => {
                        if let Some(key) = key_of(root, path).map(str::to_owned) {
                            root.remove(&key);
                        }
                    }
                    _ => {
                        let mut attributes =
                            value.and_then(Value::as_object).cloned().ok_or_else(|| {
                                ScimProblem::bad(
                                    "invalidValue",
                                    "An extension's value is an object of attributes.",
                                )
                            })?;
                        attributes.retain(|k, _| !k.eq_ignore_ascii_case("schemas"));
                        if op == Op::Replace {
                            child_object(root, path).clear();
                        }
                        // The extension given whole: each attribute it names takes the value
                        // given (a list is not appended to), the others stay.
                        let scoped = Value::Object(
                            [(path.to_owned(), Value::Object(attributes))]
                                .into_iter()
                                .collect(),
                        );
                        without_path(root, Op::Replace, Some(&scoped), core)?;
                    }
                }
            }
            Some(path) => {
                let path = parse_path(path).map_err(|_| {
                    ScimProblem::bad(
                        "invalidPath",
                        format!("{path} is not a path this server can follow."),
                    )
                })?;
                at_path(root, &path, op, value.cloned(), core)?;
            }
            None => without_path(root, op, value, core)?,
        }
    }
    Ok(())
}

/// `add` or `replace` with no path: each attribute of the value, an extension's by its URN.
fn without_path(
    root: &mut Map<String, Value>,
    op: Op,
    value: Option<&Value>,
    core: &str,
) -> Result<(), ScimProblem> {
    if op == Op::Remove {
        return Err(ScimProblem::bad("noTarget", "remove needs a path."));
    }
    let Some(Value::Object(attributes)) = value else {
        return Err(ScimProblem::bad(
            "invalidValue",
            "Without a path, the value is an object of attributes.",
        ));
    };
    for (key, value) in attributes {
        let is_schema_urn = key.to_ascii_lowercase().starts_with("urn:") && value.is_object();
        if is_schema_urn && !key.eq_ignore_ascii_case(core) && is_extension(key) {
            let extension = child_object(root, key);
            for (name, value) in value.as_object().into_iter().flatten() {
                let path = parse_path(name).map_err(|_| invalid_path(name))?;
                at_path(extension, &path, op, Some(value.clone()), core)?;
            }
            continue;
        }
        let path = parse_path(key).map_err(|_| invalid_path(key))?;
        at_path(root, &path, op, Some(value.clone()), core)?;
    }
    Ok(())
}

/// An extension schema's URN names an object of attributes (`urn:...:2.0:User`), unlike a
/// qualified attribute (`urn:...:2.0:User:adminNotes`), whose last part starts in lower case.
fn is_extension(key: &str) -> bool {
    key.rsplit(':')
        .next()
        .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
}

fn invalid_path(path: &str) -> ScimProblem {
    ScimProblem::bad(
        "invalidPath",
        format!("{path} is not a path this server can follow."),
    )
}

fn at_path(
    root: &mut Map<String, Value>,
    path: &PatchPath,
    op: Op,
    value: Option<Value>,
    core: &str,
) -> Result<(), ScimProblem> {
    let container = match &path.attr.urn {
        Some(urn) if !urn.eq_ignore_ascii_case(core) => child_object(root, urn),
        _ => root,
    };
    let value = match (op, value) {
        (Op::Remove, value) => value,
        (_, Some(value)) => Some(value),
        (_, None) => {
            return Err(ScimProblem::bad(
                "invalidValue",
                "add and replace need a value.",
            ))
        }
    };
    let AttrPath { name, sub, .. } = &path.attr;
    match (&path.filter, sub) {
        (None, None) => simple(container, name, op, value),
        (None, Some(sub)) => {
            if key_of(container, name)
                .and_then(|k| container.get(k))
                .is_some_and(Value::is_array)
            {
                return Err(invalid_path(&format!("{name}.{sub}")));
            }
            if op == Op::Remove && key_of(container, name).is_none() {
                return Ok(());
            }
            simple(child_object(container, name), sub, op, value)
        }
        (Some(filter), None) => filtered(container, name, filter, path.sub.as_deref(), op, value),
        (Some(_), Some(_)) => Err(invalid_path(name)),
    }
}

/// An attribute by name: set, merged, appended to or removed.
fn simple(
    container: &mut Map<String, Value>,
    name: &str,
    op: Op,
    value: Option<Value>,
) -> Result<(), ScimProblem> {
    let key = key_of(container, name)
        .map(str::to_owned)
        .unwrap_or_else(|| name.to_owned());
    match (op, value, container.get_mut(&key)) {
        (Op::Remove, Some(Value::Array(gone)), Some(Value::Array(values))) => {
            // Removing listed values (as Entra ID removes members): by their `value`.
            let gone: Vec<&Value> = gone.iter().map(|g| g.get("value").unwrap_or(g)).collect();
            values.retain(|v| !gone.contains(&v.get("value").unwrap_or(v)));
        }
        (Op::Remove, _, _) => {
            container.remove(&key);
        }
        (Op::Add, Some(Value::Array(new)), Some(Value::Array(values))) => {
            for value in new {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
        (Op::Add | Op::Replace, Some(Value::Object(new)), Some(Value::Object(current))) => {
            for (sub, value) in new {
                let sub_key = key_of(current, &sub).map(str::to_owned).unwrap_or(sub);
                current.insert(sub_key, value);
            }
        }
        (Op::Add | Op::Replace, Some(value), _) => {
            container.insert(key, value);
        }
        (_, None, _) => unreachable!("add and replace carry a value"),
    }
    Ok(())
}

/// The values of a multi-valued attribute that match `filter`: replaced, merged or removed,
/// whole or one sub-attribute of each.
fn filtered(
    container: &mut Map<String, Value>,
    name: &str,
    filter: &Filter,
    sub: Option<&str>,
    op: Op,
    value: Option<Value>,
) -> Result<(), ScimProblem> {
    let no_target = || {
        ScimProblem::bad(
            "noTarget",
            format!("No value of {name} matches the filter."),
        )
    };
    let Some(Value::Array(values)) = key_of(container, name)
        .map(str::to_owned)
        .and_then(|k| container.get_mut(&k))
    else {
        return Err(no_target());
    };
    let matching: Vec<usize> = (0..values.len())
        .filter(|&i| matches(&values[i], filter))
        .collect();
    if matching.is_empty() {
        return Err(no_target());
    }
    for &i in matching.iter().rev() {
        match (op, sub) {
            (Op::Remove, None) => {
                values.remove(i);
            }
            (_, Some(sub)) => {
                let Value::Object(element) = &mut values[i] else {
                    return Err(no_target());
                };
                simple(element, sub, op, value.clone())?;
            }
            (_, None) => match (&mut values[i], value.clone()) {
                (Value::Object(element), Some(Value::Object(new))) if op == Op::Add => {
                    element.extend(new)
                }
                (slot, Some(new)) => *slot = new,
                (_, None) => return Err(no_target()),
            },
        }
    }
    Ok(())
}

/// Whether one value of a multi-valued attribute matches a value filter.
fn matches(element: &Value, filter: &Filter) -> bool {
    match filter {
        Filter::And(a, b) => matches(element, a) && matches(element, b),
        Filter::Or(a, b) => matches(element, a) || matches(element, b),
        Filter::Not(inner) => !matches(element, inner),
        Filter::Values(..) => false,
        Filter::Present(path) => lookup(element, path)
            .is_some_and(|v| !v.is_null() && v != "" && v != &Value::Array(vec![])),
        Filter::Compare(path, op, wanted) => {
            let Some(actual) = lookup(element, path) else {
                return *op == CompareOp::Ne
                    || (*op == CompareOp::Eq && *wanted == CompValue::Null);
            };
            compare(actual, *op, wanted)
        }
    }
}

fn lookup<'a>(element: &'a Value, path: &AttrPath) -> Option<&'a Value> {
    let object = element.as_object()?;
    let value = get(object, &path.name)?;
    match &path.sub {
        Some(sub) => get(value.as_object()?, sub),
        None => Some(value),
    }
}

fn compare(actual: &Value, op: CompareOp, wanted: &CompValue) -> bool {
    use std::cmp::Ordering;
    let ordering = match (actual, wanted) {
        (Value::String(a), CompValue::Str(w)) => {
            let (a, w) = (a.to_lowercase(), w.to_lowercase());
            match op {
                CompareOp::Co => return a.contains(&w),
                CompareOp::Sw => return a.starts_with(&w),
                CompareOp::Ew => return a.ends_with(&w),
                _ => a.cmp(&w),
            }
        }
        (Value::Bool(a), CompValue::Bool(w)) => a.cmp(w),
        (Value::Number(a), CompValue::Num(w)) => match a.as_f64().and_then(|a| a.partial_cmp(w)) {
            Some(ordering) => ordering,
            None => return false,
        },
        (Value::Null, CompValue::Null) => Ordering::Equal,
        _ => return op == CompareOp::Ne,
    };
    match op {
        CompareOp::Eq => ordering == Ordering::Equal,
        CompareOp::Ne => ordering != Ordering::Equal,
        CompareOp::Gt => ordering == Ordering::Greater,
        CompareOp::Ge => ordering != Ordering::Less,
        CompareOp::Lt => ordering == Ordering::Less,
        CompareOp::Le => ordering != Ordering::Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

/// An attribute's key as the object spells it (names are case-insensitive).
fn key_of<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    object
        .keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .map(String::as_str)
}

pub fn get<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    key_of(object, name).and_then(|k| object.get(k))
}

/// The object under `name`, made when missing (or when something else was there).
fn child_object<'a>(
    container: &'a mut Map<String, Value>,
    name: &str,
) -> &'a mut Map<String, Value> {
    let key = key_of(container, name)
        .map(str::to_owned)
        .unwrap_or_else(|| name.to_owned());
    let slot = container
        .entry(key)
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut().expect("just made an object")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

    fn patched(mut resource: Value, operations: Value) -> Result<Value, ScimProblem> {
        let body = json!({ "schemas": [PATCH_SCHEMA], "Operations": operations });
        apply(&mut resource, &body, CORE).map(|()| resource)
    }

    fn group() -> Value {
        json!({
            "displayName": "Acme",
            "members": [{ "value": "a" }, { "value": "b" }],
            "urn:roster:x:2.0:Group": { "newMemberPermissions": ["profile"] },
        })
    }

    #[test]
    fn the_rfc_member_operations() {
        let added = patched(group(), json!([{ "op": "add", "path": "members", "value": [{ "value": "c" }, { "value": "a" }] }])).unwrap();
        assert_eq!(
            added["members"],
            json!([{ "value": "a" }, { "value": "b" }, { "value": "c" }])
        );
        let one_gone = patched(
            group(),
            json!([{ "op": "remove", "path": "members[value eq \"a\"]" }]),
        )
        .unwrap();
        assert_eq!(one_gone["members"], json!([{ "value": "b" }]));
        let listed_gone = patched(
            group(),
            json!([{ "op": "Remove", "path": "members", "value": [{ "value": "b" }] }]),
        )
        .unwrap();
        assert_eq!(listed_gone["members"], json!([{ "value": "a" }]));
        let all_gone = patched(group(), json!([{ "op": "remove", "path": "members" }])).unwrap();
        assert!(all_gone.get("members").is_none());
        let replaced = patched(
            group(),
            json!([{ "op": "replace", "path": "members", "value": [{ "value": "z" }] }]),
        )
        .unwrap();
        assert_eq!(replaced["members"], json!([{ "value": "z" }]));
    }

    #[test]
    fn paths_reach_sub_attributes_extensions_and_filtered_values() {
        let user = json!({
            "name": { "givenName": "Barbara" },
            "emails": [{ "value": "b@example.com", "type": "work" }],
        });
        let out = patched(
            user,
            json!([
                { "op": "replace", "path": "name.familyName", "value": "Jensen" },
                { "op": "replace", "path": "emails[type eq \"work\"].value", "value": "bj@example.com" },
                { "op": "add", "path": "urn:roster:x:2.0:Group:adminNotes", "value": "VIP" },
                { "op": "replace", "value": { "displayName": "BJ", "NAME.givenName": "Babs" } },
            ]),
        )
        .unwrap();
        assert_eq!(
            out["name"],
            json!({ "givenName": "Babs", "familyName": "Jensen" })
        );
        assert_eq!(out["emails"][0]["value"], "bj@example.com");
        assert_eq!(out["urn:roster:x:2.0:Group"]["adminNotes"], "VIP");
        assert_eq!(out["displayName"], "BJ");
    }

    #[test]
    fn what_cannot_be_done_is_refused_with_its_scim_type() {
        let refused = |ops: Value| patched(group(), ops).unwrap_err().scim_type;
        assert_eq!(
            refused(json!([{ "op": "remove", "path": "members[value eq \"x\"]" }])),
            Some("noTarget")
        );
        assert_eq!(refused(json!([{ "op": "remove" }])), Some("noTarget"));
        assert_eq!(
            refused(json!([{ "op": "move", "path": "members" }])),
            Some("invalidSyntax")
        );
        assert_eq!(
            refused(json!([{ "op": "add", "path": "members[" }])),
            Some("invalidPath")
        );
        assert_eq!(
            refused(json!([{ "op": "add", "path": "displayName" }])),
            Some("invalidValue")
        );
        assert_eq!(refused(json!([])), Some("invalidSyntax"));
    }
}
