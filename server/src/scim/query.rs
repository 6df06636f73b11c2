//! A list's parameters (query string, or a `/.search` body) and the `attributes` /
//! `excludedAttributes` projection of RFC 7644 §3.4.2.5.
use super::patch::get;
use super::ScimProblem;
use app::search::scim_filter::parse_path;
use app::service::scim::{ListRequest, MAX_RESULTS};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Which attributes an answer holds.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    attributes: Vec<String>,
    excluded: Vec<String>,
}

pub fn from_query(
    params: &HashMap<String, String>,
) -> Result<(ListRequest, Projection), ScimProblem> {
    let number = |name: &str| -> Result<Option<i64>, ScimProblem> {
        params
            .get(name)
            .map(|v| {
                v.trim().parse::<i64>().map_err(|_| {
                    ScimProblem::bad("invalidValue", format!("{name} must be a number."))
                })
            })
            .transpose()
    };
    let request = list_request(
        params.get("filter").cloned(),
        params.get("sortBy").cloned(),
        params.get("sortOrder").map(String::as_str),
        number("startIndex")?,
        number("count")?,
    )?;
    let split = |name: &str| -> Vec<String> {
        params
            .get(name)
            .map(|v| {
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok((
        request,
        Projection {
            attributes: split("attributes"),
            excluded: split("excludedAttributes"),
        },
    ))
}

pub fn from_search(body: &Value) -> Result<(ListRequest, Projection), ScimProblem> {
    let syntax = |detail: &str| ScimProblem::bad("invalidSyntax", detail);
    let object = body
        .as_object()
        .ok_or_else(|| syntax("The body is not a SearchRequest."))?;
    let text = |name: &str| -> Result<Option<String>, ScimProblem> {
        match get(object, name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(ScimProblem::bad(
                "invalidValue",
                format!("{name} must be a string."),
            )),
        }
    };
    let number = |name: &str| -> Result<Option<i64>, ScimProblem> {
        match get(object, name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or_else(|| {
                ScimProblem::bad("invalidValue", format!("{name} must be a number."))
            }),
        }
    };
    let names = |name: &str| -> Result<Vec<String>, ScimProblem> {
        match get(object, name) {
            None | Some(Value::Null) => Ok(vec![]),
            Some(Value::Array(list)) => list
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_owned).ok_or_else(|| {
                        ScimProblem::bad("invalidValue", format!("{name} must list strings."))
                    })
                })
                .collect(),
            Some(Value::String(s)) => Ok(s.split(',').map(str::trim).map(str::to_owned).collect()),
            Some(_) => Err(ScimProblem::bad(
                "invalidValue",
                format!("{name} must be a list."),
            )),
        }
    };
    let request = list_request(
        text("filter")?,
        text("sortBy")?,
        text("sortOrder")?.as_deref(),
        number("startIndex")?,
        number("count")?,
    )?;
    Ok((
        request,
        Projection {
            attributes: names("attributes")?,
            excluded: names("excludedAttributes")?,
        },
    ))
}

fn list_request(
    filter: Option<String>,
    sort_by: Option<String>,
    sort_order: Option<&str>,
    start_index: Option<i64>,
    count: Option<i64>,
) -> Result<ListRequest, ScimProblem> {
    let descending = match sort_order.map(str::to_ascii_lowercase).as_deref() {
        None | Some("ascending") => false,
        Some("descending") => true,
        Some(_) => {
            return Err(ScimProblem::bad(
                "invalidValue",
                "sortOrder is ascending or descending.",
            ))
        }
    };
    Ok(ListRequest {
        filter,
        sort_by,
        descending,
        // RFC 7644 §3.4.2.4: below 1 reads as 1, a negative count as 0.
        start_index: u64::try_from(start_index.unwrap_or(1)).unwrap_or(1).max(1),
        count: u64::try_from(count.unwrap_or(MAX_RESULTS as i64))
            .unwrap_or(0)
            .min(MAX_RESULTS),
    })
}

impl Projection {
    /// Whether the answer holds `name` (so it is worth loading).
    pub fn wants(&self, name: &str) -> bool {
        let named = |list: &[String]| {
            list.iter().any(|a| {
                a.eq_ignore_ascii_case(name)
                    || a.to_ascii_lowercase()
                        .starts_with(&format!("{}.", name.to_ascii_lowercase()))
            })
        };
        match self.attributes.is_empty() {
            true => !self.excluded.iter().any(|a| a.eq_ignore_ascii_case(name)),
            false => named(&self.attributes),
        }
    }

    /// Whether `attributes` names an extension's attribute that is returned only on request.
    pub fn requested(&self, extension: &str, name: &str) -> bool {
        let path = format!("{extension}:{name}");
        self.attributes.iter().any(|a| {
            a.eq_ignore_ascii_case(&path)
                || a.to_ascii_lowercase()
                    .starts_with(&format!("{}.", path.to_ascii_lowercase()))
        })
    }

    pub fn apply(&self, resource: Value, core: &str) -> Value {
        let Value::Object(mut all) = resource else {
            return resource;
        };
        if !self.attributes.is_empty() {
            let mut kept = Map::new();
            for always in ["schemas", "id"] {
                if let Some(v) = all.remove(always) {
                    kept.insert(always.into(), v);
                }
            }
            for path in &self.attributes {
                copy(&all, &mut kept, path, core);
            }
            return Value::Object(kept);
        }
        for path in &self.excluded {
            remove(&mut all, path, core);
        }
        Value::Object(all)
    }
}

/// Where `path` points: the key of its object (core: the resource itself), then the
/// attribute and sub-attribute names. None for a path this server cannot read.
fn locate(
    resource: &Map<String, Value>,
    path: &str,
    core: &str,
) -> Option<(Option<String>, String, Option<String>)> {
    if let Some(key) = resource
        .keys()
        .find(|k| k.eq_ignore_ascii_case(path) && k.starts_with("urn:"))
    {
        return Some((None, key.clone(), None));
    }
    let parsed = parse_path(path).ok().filter(|p| p.filter.is_none())?;
    let container = parsed
        .attr
        .urn
        .filter(|urn| !urn.eq_ignore_ascii_case(core))
        .map(|urn| {
            resource
                .keys()
                .find(|k| k.eq_ignore_ascii_case(&urn))
                .cloned()
                .unwrap_or(urn)
        });
    Some((container, parsed.attr.name, parsed.attr.sub))
}

fn copy(from: &Map<String, Value>, to: &mut Map<String, Value>, path: &str, core: &str) {
    let Some((container, name, sub)) = locate(from, path, core) else {
        return;
    };
    let (source, target) = match &container {
        Some(key) => match from.get(key).and_then(Value::as_object) {
            Some(source) => (source, object_at(to, key)),
            None => return,
        },
        None => (from, to),
    };
    let Some(key) = source.keys().find(|k| k.eq_ignore_ascii_case(&name)) else {
        return;
    };
    match (sub, &source[key]) {
        (None, value) => {
            target.insert(key.clone(), value.clone());
        }
        (Some(sub), Value::Object(object)) => {
            if let Some(sub_key) = object.keys().find(|k| k.eq_ignore_ascii_case(&sub)) {
                object_at(target, key).insert(sub_key.clone(), object[sub_key].clone());
            }
        }
        (Some(sub), Value::Array(values)) => {
            let picked: Vec<Value> = values
                .iter()
                .filter_map(|v| v.as_object())
                .map(|v| {
                    v.iter()
                        .filter(|(k, _)| k.eq_ignore_ascii_case(&sub))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect::<Map<_, _>>()
                })
                .map(Value::Object)
                .collect();
            target.insert(key.clone(), Value::Array(picked));
        }
        _ => {}
    }
}

fn remove(resource: &mut Map<String, Value>, path: &str, core: &str) {
    let Some((container, name, sub)) = locate(resource, path, core) else {
        return;
    };
    if container.is_none()
        && ["id", "schemas"]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&name))
        && sub.is_none()
    {
        return;
    }
    let target = match &container {
        Some(key) => match resource.get_mut(key).and_then(Value::as_object_mut) {
            Some(target) => target,
            None => return,
        },
        None => resource,
    };
    let Some(key) = target
        .keys()
        .find(|k| k.eq_ignore_ascii_case(&name))
        .cloned()
    else {
        return;
    };
    match (sub, target.get_mut(&key)) {
        (None, _) => {
            target.remove(&key);
        }
        (Some(sub), Some(Value::Object(object))) => {
            object.retain(|k, _| !k.eq_ignore_ascii_case(&sub))
        }
        (Some(sub), Some(Value::Array(values))) => {
            for v in values.iter_mut().filter_map(Value::as_object_mut) {
                v.retain(|k, _| !k.eq_ignore_ascii_case(&sub));
            }
        }
        _ => {}
    }
}

fn object_at<'a>(map: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    map.entry(key.to_owned())
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .expect("an object")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
    const EXT: &str = "urn:roster:params:scim:schemas:extension:roster:2.0:User";

    fn user() -> Value {
        json!({
            "schemas": [CORE], "id": "1", "userName": "bj",
            "name": { "givenName": "B", "familyName": "J" },
            "emails": [{ "value": "b@x", "type": "work" }],
            EXT: { "adminNotes": "n", "twoFactorRequired": true },
            "meta": { "version": "W/\"1\"" },
        })
    }

    fn projected(attributes: &[&str], excluded: &[&str]) -> Value {
        let p = Projection {
            attributes: attributes.iter().map(|s| s.to_string()).collect(),
            excluded: excluded.iter().map(|s| s.to_string()).collect(),
        };
        p.apply(user(), CORE)
    }

    #[test]
    fn attributes_keep_only_what_is_named_with_id_and_schemas() {
        assert_eq!(
            projected(
                &[
                    "USERNAME",
                    "name.familyName",
                    "emails.value",
                    &format!("{EXT}:adminNotes")
                ],
                &[]
            ),
            json!({
                "schemas": [CORE], "id": "1", "userName": "bj",
                "name": { "familyName": "J" },
                "emails": [{ "value": "b@x" }],
                EXT: { "adminNotes": "n" },
            })
        );
        assert_eq!(
            projected(&[&format!("{CORE}:userName")], &[])["userName"],
            "bj"
        );
    }

    #[test]
    fn excluded_attributes_go_but_id_stays() {
        let out = projected(&[], &["name", "id", EXT, "emails.type"]);
        assert!(out.get("name").is_none() && out.get(EXT).is_none());
        assert_eq!(out["id"], "1");
        assert_eq!(out["emails"], json!([{ "value": "b@x" }]));
    }

    #[test]
    fn paging_parameters_follow_rfc_7644() {
        let params = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let (request, _) = from_query(&params(&[("startIndex", "0"), ("count", "-5")])).unwrap();
        assert_eq!((request.start_index, request.count), (1, 0));
        let (request, _) =
            from_query(&params(&[("count", "100000"), ("sortOrder", "descending")])).unwrap();
        assert_eq!((request.count, request.descending), (MAX_RESULTS, true));
        assert!(from_query(&params(&[("count", "many")])).is_err());
    }
}
