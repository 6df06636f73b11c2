//! The one place where user search differs between engines. Both match the same search
//! document (see the search migration); SQLite reaches it through its FTS5 trigram table,
//! PostgreSQL through a pg_trgm GIN index on the expression itself.
use crate::db::users;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, DbBackend};
use uuid::Uuid;

/// Lowercased email, "first last" and phone digits, `|`-separated: the indexed expression.
const DOCUMENT: &str = "(users.email_norm || '|' || lower(users.first_name || ' ' || users.last_name) || '|' || coalesce(substr(users.phone, 2), ''))";

/// Users whose email, name, "first last", phone digits or UUID contain `term`
/// (case-insensitive). `term` must not be blank.
pub fn matches(backend: DbBackend, term: &str) -> Condition {
    let term = term.trim().to_lowercase();
    let mut any = Condition::any().add(contains(backend, &term));
    if let Some(digits) = phone_digits(&term).filter(|d| *d != term) {
        any = any.add(contains(backend, &digits));
    }
    if let Some((low, high)) = uuid_prefix_range(&term) {
        any = any.add(users::Column::Id.between(low, high));
    }
    any
}

fn contains(backend: DbBackend, needle: &str) -> Condition {
    // FTS5 trigrams need three characters; shorter terms scan (and stop at one page).
    let expr = if backend == DbBackend::Sqlite && needle.chars().count() >= 3 {
        Expr::cust_with_values(
            "users.rowid IN (SELECT rowid FROM users_fts WHERE users_fts MATCH ?)",
            [format!("\"{}\"", needle.replace('"', "\"\""))],
        )
    } else {
        // sea-query takes `$1` as PostgreSQL's placeholder and `?` as SQLite's.
        let placeholder = if backend == DbBackend::Postgres {
            "$1"
        } else {
            "?"
        };
        Expr::cust_with_values(
            format!("{DOCUMENT} LIKE {placeholder} ESCAPE '!'"),
            [like_pattern(needle)],
        )
    };
    Condition::all().add(expr)
}

/// `%needle%` with LIKE's own characters taken literally (`!` escapes: a backslash would mean
/// different things to the two engines' string parsers).
fn like_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// "+1 (415) 555-01" -> "141555501": a term that looks like a phone number, as digits.
fn phone_digits(term: &str) -> Option<String> {
    let looks_like_phone = term
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    (looks_like_phone && digits.len() >= 3).then_some(digits)
}

/// The ids starting with a hex prefix of at least 4 digits (dashes ignored).
fn uuid_prefix_range(term: &str) -> Option<(Uuid, Uuid)> {
    let hex: String = term.chars().filter(|c| *c != '-').collect();
    if hex.len() < 4 || hex.len() > 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let low = Uuid::parse_str(&format!("{hex:0<32}")).ok()?;
    let high = Uuid::parse_str(&format!("{hex:f<32}")).ok()?;
    Some((low, high))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_characters_are_literal() {
        assert_eq!(like_pattern("a_b%c!\\"), "%a!_b!%c!!\\%");
    }

    #[test]
    fn phone_terms() {
        assert_eq!(
            phone_digits("+1 (415) 555-01").as_deref(),
            Some("141555501")
        );
        assert_eq!(phone_digits("4155").as_deref(), Some("4155"));
        assert_eq!(phone_digits("41"), None);
        assert_eq!(phone_digits("ann 415"), None);
    }

    #[test]
    fn uuid_prefixes() {
        let (lo, hi) = uuid_prefix_range("0190a3b2-1c").unwrap();
        assert_eq!(lo.to_string(), "0190a3b2-1c00-0000-0000-000000000000");
        assert_eq!(hi.to_string(), "0190a3b2-1cff-ffff-ffff-ffffffffffff");
        assert!(uuid_prefix_range("abc").is_none());
        assert!(uuid_prefix_range("ann.lee").is_none());
    }
}
