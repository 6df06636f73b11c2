//! SCIM filters and sort keys as SQL over `users` (SCIM Users) and `clients` (SCIM Groups).
//! `userName eq` and `sw` go to the unique index on the name SCIM sees (migration 19: an
//! equality or a range, never a scan), `externalId eq` to its partial index, `id eq` to the
//! primary key; other attributes are tested row by row inside what those narrowed. String
//! comparisons ignore case (SCIM's `caseExact: false`); dates compare as instants.
use super::dialect::{self, Dialect};
use super::scim_filter::{AttrPath, CompValue, CompareOp, Filter};
use sea_orm::sea_query::{Alias, Expr, Func, Query, SimpleExpr};
use uuid::Uuid;

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const USER_EXTENSION: &str = "urn:roster:params:scim:schemas:extension:roster:2.0:User";
pub const GROUP_EXTENSION: &str = "urn:roster:params:scim:schemas:extension:roster:2.0:Group";

mod user_name;
pub use user_name::{user_name, user_name_order, user_name_prefix};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("no attribute {0} can be filtered or sorted on")]
    Attribute(String),
    #[error("operator {op} does not apply to {attribute}")]
    Operator { op: String, attribute: String },
    #[error("{0} is not a value {1} can hold")]
    Value(String, String),
}

/// What an attribute is made of, for comparing.
enum Column {
    /// Text compared ignoring case; `lowered` when the column already holds lower case.
    Text {
        expr: SimpleExpr,
        lowered: bool,
    },
    /// The indexed name (range for `sw`).
    UserName,
    Time(&'static str),
    Bool(SimpleExpr),
    Id(&'static str),
    /// The same value on every row (e.g. every email is of type "work").
    Constant(CompValue),
    /// A group's members, by user id.
    Members,
}

fn text(sql: &str) -> Column {
    Column::Text {
        expr: Expr::cust(sql),
        lowered: false,
    }
}

/// The attribute of a User `path` names (URN-qualified or not), as SQL.
fn user_column(path: &AttrPath, inside: Option<&str>) -> Result<Column, QueryError> {
    let key = qualified(path, inside, USER_SCHEMA, USER_EXTENSION)?;
    Ok(match key.as_str() {
        "id" => Column::Id("users.id"),
        "username" => Column::UserName,
        "externalid" => text("users.external_id"),
        "displayname" => text("users.scim_display_name"),
        "name.givenname" => text("users.first_name"),
        "name.familyname" => text("users.last_name"),
        "name.formatted" => text("(users.first_name || ' ' || users.last_name)"),
        "emails" | "emails.value" => Column::Text {
            expr: Expr::cust("users.email_norm"),
            lowered: true,
        },
        "emails.type" => Column::Constant(CompValue::Str("work".into())),
        "emails.primary" => Column::Constant(CompValue::Bool(true)),
        "emails.verified" => Column::Bool(Expr::cust("users.email_verified")),
        "phonenumbers" | "phonenumbers.value" => text("users.phone"),
        "active" => Column::Bool(Expr::cust("(users.status <> 'inactive')")),
        "preferredlanguage" => text("users.language"),
        "meta.created" => Column::Time("users.created_at"),
        "meta.lastmodified" => Column::Time("users.updated_at"),
        "ext:twofactorrequired" => Column::Bool(Expr::cust("users.two_factor_required")),
        "ext:adminnotes" => text("users.admin_notes"),
        _ => return Err(QueryError::Attribute(path_name(path))),
    })
}

fn group_column(path: &AttrPath, inside: Option<&str>) -> Result<Column, QueryError> {
    let key = qualified(path, inside, GROUP_SCHEMA, GROUP_EXTENSION)?;
    Ok(match key.as_str() {
        "id" => Column::Id("clients.id"),
        "displayname" => text(GROUP_DISPLAY_NAME),
        "externalid" => text("clients.external_id"),
        "members" | "members.value" => Column::Members,
        "meta.created" => Column::Time("clients.created_at"),
        "meta.lastmodified" => Column::Time("clients.updated_at"),
        _ => return Err(QueryError::Attribute(path_name(path))),
    })
}

/// A group's name: the company's, or the contact's for a private person's account.
const GROUP_DISPLAY_NAME: &str =
    "COALESCE(clients.company_name, clients.first_name || ' ' || clients.last_name)";

/// The attribute's key in lower case: `name.givenname`; extension attributes as `ext:...`.
/// `inside` is the multi-valued attribute a `[...]` filter is about (`emails`).
fn qualified(
    path: &AttrPath,
    inside: Option<&str>,
    core: &str,
    extension: &str,
) -> Result<String, QueryError> {
    let key = match inside {
        Some(outer) => format!("{outer}.{}", path.key()),
        None => path.key(),
    };
    match path.urn.as_deref() {
        None => Ok(key),
        Some(urn) if urn.eq_ignore_ascii_case(core) => Ok(key),
        Some(urn) if urn.eq_ignore_ascii_case(extension) => Ok(format!("ext:{key}")),
        Some(_) => Err(QueryError::Attribute(path_name(path))),
    }
}

fn path_name(path: &AttrPath) -> String {
    let bare = match &path.sub {
        Some(sub) => format!("{}.{sub}", path.name),
        None => path.name.clone(),
    };
    match &path.urn {
        Some(urn) => format!("{urn}:{bare}"),
        None => bare,
    }
}

pub fn user_condition(filter: &Filter, dialect: Dialect) -> Result<SimpleExpr, QueryError> {
    condition(filter, dialect, None, &user_column)
}

pub fn group_condition(filter: &Filter, dialect: Dialect) -> Result<SimpleExpr, QueryError> {
    condition(filter, dialect, None, &group_column)
}

type Columns = dyn Fn(&AttrPath, Option<&str>) -> Result<Column, QueryError>;

fn condition(
    filter: &Filter,
    dialect: Dialect,
    inside: Option<&str>,
    columns: &Columns,
) -> Result<SimpleExpr, QueryError> {
    Ok(match filter {
        Filter::And(a, b) => {
            condition(a, dialect, inside, columns)?.and(condition(b, dialect, inside, columns)?)
        }
        Filter::Or(a, b) => {
            condition(a, dialect, inside, columns)?.or(condition(b, dialect, inside, columns)?)
        }
        Filter::Not(inner) => condition(inner, dialect, inside, columns)?.not(),
        Filter::Values(path, inner) => {
            if inside.is_some() || path.sub.is_some() {
                return Err(QueryError::Attribute(path_name(path)));
            }
            // Each user has one email and each value filter tests one member: the values'
            // filter reads as a filter on the attribute's sub-attributes.
            let outer = path.name.to_lowercase();
            columns(path, None)?;
            condition(inner, dialect, Some(&outer), columns)?
        }
        Filter::Present(path) => present(columns(path, inside)?),
        Filter::Compare(path, op, value) => {
            compare(columns(path, inside)?, *op, value, dialect, path)?
        }
    })
}

fn truth(value: bool) -> SimpleExpr {
    Expr::cust(if value { "1 = 1" } else { "1 = 0" })
}

fn present(column: Column) -> SimpleExpr {
    match column {
        Column::Text { expr, .. } => Expr::expr(expr.clone())
            .is_not_null()
            .and(Expr::expr(expr).ne("")),
        Column::Constant(value) => truth(value != CompValue::Null),
        Column::Members => Expr::cust("clients.users_count > 0"),
        Column::UserName | Column::Time(_) | Column::Bool(_) | Column::Id(_) => truth(true),
    }
}

fn compare(
    column: Column,
    op: CompareOp,
    value: &CompValue,
    dialect: Dialect,
    path: &AttrPath,
) -> Result<SimpleExpr, QueryError> {
    let refuse = || QueryError::Operator {
        op: format!("{op:?}").to_lowercase(),
        attribute: path_name(path),
    };
    let wrong_value = || QueryError::Value(format!("{value:?}"), path_name(path));
    // `eq null` and `ne null` ask for absence and presence (RFC 7644 §3.4.2.2).
    if *value == CompValue::Null {
        return match op {
            CompareOp::Eq => Ok(present(column).not()),
            CompareOp::Ne => Ok(present(column)),
            _ => Err(refuse()),
        };
    }
    Ok(match column {
        Column::Constant(constant) => match op {
            CompareOp::Eq => truth(same(&constant, value)),
            CompareOp::Ne => truth(!same(&constant, value)),
            _ => return Err(refuse()),
        },
        Column::Bool(expr) => {
            let CompValue::Bool(wanted) = value else {
                return Err(wrong_value());
            };
            match op {
                CompareOp::Eq => Expr::expr(expr).eq(*wanted),
                CompareOp::Ne => Expr::expr(expr).ne(*wanted),
                _ => return Err(refuse()),
            }
        }
        Column::Id(sql) => {
            let CompValue::Str(id) = value else {
                return Err(wrong_value());
            };
            let id = Uuid::parse_str(id).ok();
            match (op, id) {
                (CompareOp::Eq, Some(id)) => Expr::cust(sql).eq(id),
                (CompareOp::Eq, None) => truth(false),
                (CompareOp::Ne, Some(id)) => Expr::cust(sql).ne(id),
                (CompareOp::Ne, None) => truth(true),
                _ => return Err(refuse()),
            }
        }
        Column::Members => {
            let CompValue::Str(id) = value else {
                return Err(wrong_value());
            };
            let has = |id: Uuid| {
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(Alias::new("client_users"))
                        .and_where(Expr::cust("client_users.client_id = clients.id"))
                        .and_where(Expr::col(Alias::new("user_id")).eq(id))
                        .to_owned(),
                )
            };
            match (op, Uuid::parse_str(id).ok()) {
                (CompareOp::Eq, Some(id)) => has(id),
                (CompareOp::Eq, None) => truth(false),
                (CompareOp::Ne, Some(id)) => has(id).not(),
                (CompareOp::Ne, None) => truth(true),
                _ => return Err(refuse()),
            }
        }
        Column::Time(sql) => {
            let CompValue::Str(at) = value else {
                return Err(wrong_value());
            };
            let at = chrono::DateTime::parse_from_rfc3339(at)
                .map_err(|_| wrong_value())?
                .with_timezone(&chrono::Utc);
            let column = Expr::expr(Expr::cust(sql));
            match op {
                CompareOp::Eq => column.eq(at),
                CompareOp::Ne => column.ne(at),
                CompareOp::Gt => column.gt(at),
                CompareOp::Ge => column.gte(at),
                CompareOp::Lt => column.lt(at),
                CompareOp::Le => column.lte(at),
                _ => return Err(refuse()),
            }
        }
        Column::UserName => {
            let needle = string(value).ok_or_else(wrong_value)?;
            let name = user_name(dialect);
            match op {
                CompareOp::Sw => {
                    // A range on the index: every name that starts with the prefix sorts
                    // between it and it followed by the greatest character.
                    let end = format!("{needle}{}", char::MAX);
                    Expr::expr(name.clone())
                        .gte(needle)
                        .and(Expr::expr(name).lt(end))
                }
                op => text_compare(name, needle, op),
            }
        }
        Column::Text { expr, lowered } => {
            let needle = string(value).ok_or_else(wrong_value)?;
            let expr = match lowered {
                true => expr,
                false => Func::lower(expr).into(),
            };
            text_compare(expr, needle, op)
        }
    })
}

/// A filter value as text in lower case (numbers and booleans as written in JSON).
fn string(value: &CompValue) -> Option<String> {
    match value {
        CompValue::Str(s) => Some(s.to_lowercase()),
        CompValue::Num(n) => Some(n.to_string()),
        CompValue::Bool(b) => Some(b.to_string()),
        CompValue::Null => None,
    }
}

fn same(constant: &CompValue, value: &CompValue) -> bool {
    match (constant, value) {
        (CompValue::Str(a), CompValue::Str(b)) => a.eq_ignore_ascii_case(b),
        (a, b) => a == b,
    }
}

fn text_compare(expr: SimpleExpr, needle: String, op: CompareOp) -> SimpleExpr {
    let expr = Expr::expr(expr);
    match op {
        CompareOp::Eq => expr.eq(needle),
        CompareOp::Ne => expr.ne(needle),
        CompareOp::Co => dialect::like_at(expr.into(), &needle, (true, true)),
        CompareOp::Sw => dialect::like_at(expr.into(), &needle, (false, true)),
        CompareOp::Ew => dialect::like_at(expr.into(), &needle, (true, false)),
        CompareOp::Gt => expr.gt(needle),
        CompareOp::Ge => expr.gte(needle),
        CompareOp::Lt => expr.lt(needle),
        CompareOp::Le => expr.lte(needle),
    }
}

/// A `sortBy` attribute of Users as SQL.
pub fn user_sort(attribute: &str, dialect: Dialect) -> Result<SimpleExpr, QueryError> {
    sort(attribute, |path| user_column(path, None), dialect)
}

/// A `sortBy` attribute of Groups as SQL.
pub fn group_sort(attribute: &str, dialect: Dialect) -> Result<SimpleExpr, QueryError> {
    sort(attribute, |path| group_column(path, None), dialect)
}

fn sort(
    attribute: &str,
    column: impl Fn(&AttrPath) -> Result<Column, QueryError>,
    dialect: Dialect,
) -> Result<SimpleExpr, QueryError> {
    let unknown = || QueryError::Attribute(attribute.to_owned());
    let path = super::scim_filter::parse_path(attribute).map_err(|_| unknown())?;
    if path.filter.is_some() {
        return Err(unknown());
    }
    Ok(match column(&path.attr)? {
        Column::UserName => user_name(dialect),
        Column::Text {
            expr,
            lowered: true,
        } => expr,
        Column::Text { expr, .. } => Func::lower(expr).into(),
        Column::Time(sql) | Column::Id(sql) => Expr::cust(sql),
        Column::Bool(expr) => expr,
        Column::Constant(_) | Column::Members => return Err(unknown()),
    })
}

#[cfg(test)]
mod tests;
