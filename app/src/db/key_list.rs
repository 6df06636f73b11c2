//! A column holding a set of keyed values as a JSON list of their keys in TEXT, e.g.
//! `["profile","emails"]` (`client_users.permissions`, `staff_roles.permissions`). Written in
//! `VARIANTS` order; read back strictly: anything but a JSON list of known keys is an error
//! naming the bad value, never an empty set that would silently take rights away.
use crate::model::keyed::Keyed;
use sea_orm::sea_query::{ArrayType, ColumnType, Value, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyList<T>(Vec<T>);

impl<T: Keyed + PartialEq> KeyList<T> {
    /// The chosen values in `VARIANTS` order, each once.
    pub fn new(chosen: &[T]) -> Self {
        Self(
            T::VARIANTS
                .iter()
                .copied()
                .filter(|v| chosen.contains(v))
                .collect(),
        )
    }

    pub fn into_vec(self) -> Vec<T> {
        self.0
    }

    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    fn to_json(&self) -> String {
        let keys: Vec<&str> = self.0.iter().map(|v| v.key()).collect();
        serde_json::Value::from(keys).to_string()
    }

    fn parse(json: &str) -> Result<Self, String> {
        let keys: Vec<String> = serde_json::from_str(json)
            .map_err(|e| format!("not a JSON list of keys ({e}): {json}"))?;
        let values = keys
            .iter()
            .map(|k| T::from_key(k).ok_or_else(|| format!("unknown key {k:?} in {json}")))
            .collect::<Result<Vec<T>, String>>()?;
        Ok(Self::new(&values))
    }
}

impl<T: Keyed + PartialEq> From<KeyList<T>> for Value {
    fn from(list: KeyList<T>) -> Self {
        Value::String(Some(Box::new(list.to_json())))
    }
}

impl<T: Keyed + PartialEq> TryGetable for KeyList<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        let json = String::try_get_by(res, idx)?;
        Self::parse(&json).map_err(|e| TryGetError::DbErr(DbErr::Type(e)))
    }
}

impl<T: Keyed + PartialEq> ValueType for KeyList<T> {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::String(Some(json)) => Self::parse(&json).map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "KeyList".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::client::ClientPermission;

    #[test]
    fn lists_are_written_in_a_fixed_order_and_read_strictly() {
        let list = KeyList::new(&[ClientPermission::Emails, ClientPermission::Profile]);
        assert_eq!(list.to_json(), r#"["profile","emails"]"#);
        assert_eq!(
            KeyList::<ClientPermission>::parse(&list.to_json()),
            Ok(list)
        );
        let bad = KeyList::<ClientPermission>::parse(r#"["nope","users"]"#).unwrap_err();
        assert!(bad.contains("\"nope\""), "{bad}");
        assert!(KeyList::<ClientPermission>::parse("users").is_err());
    }
}
