use super::super::scim_filter::parse_filter;
use super::*;
use sea_orm::sea_query::{PostgresQueryBuilder, Query, SqliteQueryBuilder};

fn sql(filter: &str, dialect: Dialect) -> String {
    let condition = user_condition(&parse_filter(filter).unwrap(), dialect).unwrap();
    let query = Query::select()
        .expr(Expr::val(1))
        .from(Alias::new("users"))
        .and_where(condition)
        .to_owned();
    match dialect {
        Dialect::Sqlite => query.to_string(SqliteQueryBuilder),
        Dialect::Postgres => query.to_string(PostgresQueryBuilder),
    }
}

#[test]
fn user_name_eq_and_sw_use_the_indexed_expression() {
    let eq = sql(r#"userName eq "BJensen@Example.com""#, Dialect::Postgres);
    assert!(
        eq.contains(r#"((COALESCE(users.scim_user_name_norm, users.email_norm) COLLATE "C")) = 'bjensen@example.com'"#),
        "{eq}"
    );
    let sw = sql(r#"userName sw "J""#, Dialect::Sqlite);
    assert!(
        sw.contains("(COALESCE(users.scim_user_name_norm, users.email_norm)) >= 'j'"),
        "{sw}"
    );
    assert!(
        sw.contains("(COALESCE(users.scim_user_name_norm, users.email_norm)) < 'j\u{10FFFF}'"),
        "{sw}"
    );
}

#[test]
fn attributes_outside_the_schema_and_wrong_operators_are_refused() {
    let refused = |f: &str| user_condition(&parse_filter(f).unwrap(), Dialect::Sqlite);
    assert_eq!(
        refused(r#"title pr"#),
        Err(QueryError::Attribute("title".into()))
    );
    assert!(matches!(
        refused(r#"active co "t""#),
        Err(QueryError::Value(..))
    ));
    assert!(matches!(
        refused(r#"active gt true"#),
        Err(QueryError::Operator { .. })
    ));
    assert!(matches!(
        refused(r#"meta.created gt "yesterday""#),
        Err(QueryError::Value(..))
    ));
    assert_eq!(
        refused(r#"urn:example:Other:userName eq "a""#),
        Err(QueryError::Attribute("urn:example:Other:userName".into()))
    );
}

#[test]
fn value_filters_read_the_sub_attributes() {
    let work = sql(
        r#"emails[type eq "work" and value co "@Example.com"]"#,
        Dialect::Sqlite,
    );
    assert!(work.contains("1 = 1"), "{work}");
    assert!(
        work.contains("(users.email_norm) LIKE '%@example.com%' ESCAPE '!'"),
        "{work}"
    );
    let home = sql(r#"emails[type eq "home"]"#, Dialect::Sqlite);
    assert!(home.contains("1 = 0"), "{home}");
}

#[test]
fn only_a_lone_user_name_prefix_is_read_from_the_counts() {
    let prefix = |f: &str| user_name_prefix(&parse_filter(f).unwrap());
    assert_eq!(prefix(r#"userName sw "Ab""#), Some("ab".into()));
    assert_eq!(
        prefix(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "Ab""#),
        Some("ab".into())
    );
    assert_eq!(prefix(r#"userName eq "ab""#), None);
    assert_eq!(prefix(r#"userName sw "ab" and active eq true"#), None);
    assert_eq!(prefix(r#"not (userName sw "ab")"#), None);
    assert_eq!(prefix(r#"externalId sw "ab""#), None);
}
