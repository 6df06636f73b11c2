//! A bulk load's inserts (`server seed`). On PostgreSQL a batch of rows travels as one JSON
//! parameter that the server unpacks into the table's row type (`json_populate_recordset`):
//! a 1,000-row `insert_many` of users binds about 30,000 parameters, which the client
//! encodes and the server parses and plans one by one. SQLite takes `insert_many` as it is.
use sea_orm::sea_query::Value;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, EntityName, EntityTrait, IdenStatic,
    IntoActiveModel, Iterable, Statement,
};

/// Inserts `rows` (all with the same columns set, as `insert_many` requires).
pub async fn insert_all<A>(txn: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    if rows.is_empty() {
        return Ok(());
    }
    if txn.get_database_backend() != DbBackend::Postgres {
        A::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
        return Ok(());
    }
    let columns: Vec<_> = <A::Entity as EntityTrait>::Column::iter()
        .filter(|c| rows[0].get(*c).is_set())
        .collect();
    let records: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| {
                    let value = row
                        .get(*c)
                        .into_value()
                        .map_or(serde_json::Value::Null, json);
                    (c.as_str().to_owned(), value)
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    let table = A::Entity::default().table_name().to_owned();
    let names = columns
        .iter()
        .map(|c| format!("\"{}\"", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO {table} ({names}) SELECT {names} FROM json_populate_recordset(NULL::{table}, $1::json)"
    );
    let records = serde_json::Value::Array(records).to_string();
    txn.execute(Statement::from_sql_and_values(
        DbBackend::Postgres,
        sql,
        [Value::from(records)],
    ))
    .await?;
    Ok(())
}

/// A column's value as PostgreSQL reads it from JSON into the column's type.
fn json(value: Value) -> serde_json::Value {
    match value {
        Value::Bytes(Some(bytes)) => format!("\\x{}", hex::encode(bytes.as_slice())).into(),
        Value::ChronoDateTimeUtc(Some(at)) => at.to_rfc3339().into(),
        Value::ChronoDateTimeUtc(None) => serde_json::Value::Null,
        other => sea_orm::sea_query::value::sea_value_to_json_value(&other),
    }
}
