//! The name SCIM sees (`userName`): the expression its unique index is built on, the order
//! that index gives a filter narrowing it, and the prefix whose total is counted by triggers.
use super::{string, USER_SCHEMA};
use crate::search::dialect::Dialect;
use crate::search::scim_filter::{AttrPath, CompValue, CompareOp, Filter};
use sea_orm::sea_query::{Expr, SimpleExpr};

/// The name SCIM sees: the provider's own when it gave one, else the email; as the unique
/// index of migration 19 has it (so that equality and ranges use it).
pub fn user_name(dialect: Dialect) -> SimpleExpr {
    Expr::cust(match dialect {
        Dialect::Postgres => {
            r#"(COALESCE(users.scim_user_name_norm, users.email_norm) COLLATE "C")"#
        }
        Dialect::Sqlite => "COALESCE(users.scim_user_name_norm, users.email_norm)",
    })
}

/// The order of the user name index, for a filter that narrows userName (`eq`, `sw`) alone
/// or `and`-ed with others: a list in it reads its first page straight off the index
/// instead of fetching and sorting every match (11,767 names start with "zuzann" at
/// 1,000,000 users).
pub fn user_name_order(filter: &Filter, dialect: Dialect) -> Option<SimpleExpr> {
    fn narrows(filter: &Filter) -> bool {
        match filter {
            Filter::And(a, b) => narrows(a) || narrows(b),
            Filter::Compare(path, CompareOp::Eq | CompareOp::Sw, CompValue::Str(_)) => {
                is_user_name(path)
            }
            _ => false,
        }
    }
    narrows(filter).then(|| user_name(dialect))
}

/// The prefix of a filter that is `userName sw "..."` and nothing else, as names compare
/// (lower case): its total can be read from the prefix counts instead of counted.
pub fn user_name_prefix(filter: &Filter) -> Option<String> {
    match filter {
        Filter::Compare(path, CompareOp::Sw, value @ CompValue::Str(_)) if is_user_name(path) => {
            string(value)
        }
        _ => None,
    }
}

fn is_user_name(path: &AttrPath) -> bool {
    path.sub.is_none()
        && path.name.eq_ignore_ascii_case("userName")
        && path
            .urn
            .as_deref()
            .is_none_or(|u| u.eq_ignore_ascii_case(USER_SCHEMA))
}
