//! Reading a resource's JSON body: attribute names in any case, each value of the type its
//! schema says, or a SCIM `invalidValue` naming the attribute.
use super::patch::get;
use super::ScimProblem;
use serde_json::{Map, Value};

/// How absent attributes read. A PUT leaves out what the provider does not keep (Roster's
/// own attributes stay as they are); after a PATCH, an absent attribute was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Put,
    Patched,
}

pub struct Body<'a> {
    object: &'a Map<String, Value>,
}

impl<'a> Body<'a> {
    /// The body of a resource of `schema` (its `schemas` must name it).
    pub fn of(body: &'a Value, schema: &str, mode: Mode) -> Result<Self, ScimProblem> {
        let object = body
            .as_object()
            .ok_or_else(|| ScimProblem::bad("invalidSyntax", "The body is not a JSON object."))?;
        let names_schema = get(object, "schemas")
            .and_then(Value::as_array)
            .is_some_and(|s| {
                s.iter()
                    .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(schema)))
            });
        if !names_schema && mode == Mode::Put {
            return Err(ScimProblem::bad(
                "invalidSyntax",
                format!("schemas must name {schema}."),
            ));
        }
        Ok(Self { object })
    }

    fn wrong(name: &str, kind: &str) -> ScimProblem {
        ScimProblem::bad("invalidValue", format!("{name} must be {kind}."))
    }

    fn value(&self, name: &str) -> Option<&'a Value> {
        get(self.object, name).filter(|v| !v.is_null())
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, ScimProblem> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Self::wrong(name, "a string")),
        }
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ScimProblem> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            // Some providers send booleans as strings ("True").
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(Self::wrong(name, "true or false")),
        }
    }

    pub fn object(&self, name: &str) -> Result<Option<Body<'a>>, ScimProblem> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Object(object)) => Ok(Some(Body { object })),
            Some(_) => Err(Self::wrong(name, "an object")),
        }
    }

    /// A multi-valued complex attribute's values.
    pub fn list(&self, name: &str) -> Result<Option<Vec<Body<'a>>>, ScimProblem> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Array(values)) => values
                .iter()
                .map(|v| {
                    v.as_object()
                        .map(|object| Body { object })
                        .ok_or_else(|| Self::wrong(name, "a list of objects"))
                })
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(Self::wrong(name, "a list")),
        }
    }

    /// A multi-valued string attribute's values.
    pub fn strings(&self, name: &str) -> Result<Option<Vec<String>>, ScimProblem> {
        match self.value(name) {
            None => Ok(None),
            Some(Value::Array(values)) => values
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| Self::wrong(name, "a list of strings"))
                })
                .collect::<Result<_, _>>()
                .map(Some),
            Some(_) => Err(Self::wrong(name, "a list")),
        }
    }

    /// An extension schema's attributes, under its URN.
    pub fn extension(&self, urn: &str) -> Result<Option<Body<'a>>, ScimProblem> {
        self.object(urn)
    }
}
