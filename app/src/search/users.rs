//! User search: a substring of the user's search document (`Dialect::document`), or a
//! prefix of the id.
//!
//! The two paths (ARCHITECTURE.md, Search): `candidates` probes the indexes for at most `cap + 1` ids; when
//! that overflows the term is common, and the caller walks the sort's index with `scan`,
//! which stops after one page. Terms of three characters or more go to the trigram
//! indexes, two-character ones (and on PostgreSQL punctuated ones) to `pairs`, single
//! characters are tested row by row; a term that starts many emails is proven common in
//! the email index first.
use super::dialect::{like, Dialect, Indexed};
use super::pairs;
pub use super::probes::Candidates;
use super::probes::{collect, proves_many};
use crate::db::users;
use sea_orm::sea_query::{Alias, Condition, Expr, Func, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr};
use uuid::Uuid;

/// Trigram indexes need three characters.
pub(crate) const MIN_INDEXED: usize = 3;

/// A parsed search term: the substrings to look for and an optional UUID prefix.
#[derive(Debug)]
pub struct Search {
    needles: Vec<String>,
    ids: Option<(Uuid, Uuid)>,
}

impl Search {
    /// `None` for a blank term.
    pub fn parse(term: &str) -> Option<Search> {
        let term = term.trim().to_lowercase();
        if term.is_empty() {
            return None;
        }
        let mut needles = vec![term.clone()];
        if let Some(digits) = phone_digits(&term).filter(|d| *d != term) {
            needles.push(digits);
        }
        Some(Search {
            ids: uuid_prefix_range(&term),
            needles,
        })
    }

    /// Users matching the term, tested row by row (no index): for walking an ordered index.
    pub fn scan(&self, dialect: Dialect) -> Condition {
        let mut any = Condition::any();
        for needle in &self.needles {
            any = any.add(like(dialect.document(Indexed::Users), needle));
        }
        if let Some((low, high)) = self.ids {
            any = any.add(users::Column::Id.between(low, high));
        }
        any
    }

    /// The users matching the term and `filters`, found through the indexes. A term too
    /// short for trigrams is tested row by row instead, still stopping after `cap + 1`.
    pub async fn candidates(
        &self,
        db: &impl ConnectionTrait,
        filters: &Condition,
        cap: u64,
    ) -> Result<Candidates, DbErr> {
        if let Some(more_than) = self.common_email_prefix(db, filters, cap).await? {
            return Ok(Candidates::Many(more_than));
        }
        let dialect = Dialect::of(db);
        let mut probes: Vec<SelectStatement> = match self.needles.as_slice() {
            [term] if pairs::indexable(dialect, term) => {
                pairs::probe(db, term).await?.into_iter().collect()
            }
            needles if needles.iter().any(|n| n.chars().count() < MIN_INDEXED) => {
                let mut scan = ids_query();
                scan.cond_where(self.scan(dialect));
                vec![scan]
            }
            needles => needles.iter().map(|n| probe(dialect, n)).collect(),
        };
        if let Some((low, high)) = self.ids {
            let mut by_id = ids_query();
            by_id.and_where(users::Column::Id.between(low, high));
            probes.push(by_id);
        }
        collect(db, probes, filters, cap).await
    }

    /// A shortcut for the commonest searches, first names and what is typed on the way to
    /// them: when enough emails start with the term (read in the email index, ~0.2 ms), the
    /// term is common, proven without the trigram index (on PostgreSQL a bitmap of every
    /// match: ~6 ms for 28,000 "hugo"s, 40 ms for "an").
    async fn common_email_prefix(
        &self,
        db: &impl ConnectionTrait,
        filters: &Condition,
        cap: u64,
    ) -> Result<Option<u64>, DbErr> {
        let term = &self.needles[0];
        let starting = Query::select()
            .from(users::Entity)
            .and_where(users::Column::EmailNorm.gte(term.as_str()))
            .and_where(users::Column::EmailNorm.lt(format!("{term}{}", char::MAX)))
            .order_by(users::Column::EmailNorm, Order::Asc)
            .to_owned();
        // Exact whatever the collation's order.
        let length = term.chars().count() as i32;
        let start = Func::cust(Alias::new("substr")).args([
            Expr::col((users::Entity, users::Column::EmailNorm)).into(),
            Expr::val(1).into(),
            Expr::val(length).into(),
        ]);
        let check = Expr::expr(start).eq(term.as_str());
        proves_many(db, starting, check, filters, cap).await
    }
}

pub(crate) fn ids_query() -> SelectStatement {
    Query::select()
        .column((users::Entity, users::Column::Id))
        .from(users::Entity)
        .to_owned()
}

/// The ids of users whose document contains `needle`, through the engine's trigram index.
/// A long term such as a full email shares trigrams (`com`, `.co`) with most rows: only its
/// most distinctive part goes to the index (a long one as a few of its trigrams: `trigrams`)
/// and the whole term is checked on the candidates.
fn probe(dialect: Dialect, needle: &str) -> SelectStatement {
    let key = index_key(needle);
    let mut query = ids_query();
    let exact = dialect.trigram_match(&mut query, Indexed::Users, key);
    if !exact || key.len() != needle.len() {
        query.and_where(dialect.contains(dialect.document(Indexed::Users), needle));
    }
    query
}

/// The part of `needle` to look up in the index: an email's local part when it is long
/// enough, else the whole needle.
pub(crate) fn index_key(needle: &str) -> &str {
    match needle.split_once('@') {
        Some((local, _)) if local.chars().count() >= MIN_INDEXED => local,
        _ => needle,
    }
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
    fn email_terms_use_their_local_part() {
        assert_eq!(index_key("ann.lee@example.com"), "ann.lee");
        assert_eq!(index_key("al@example.com"), "al@example.com");
        assert_eq!(index_key("example.com"), "example.com");
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
