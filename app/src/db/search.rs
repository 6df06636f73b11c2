//! The one place where user search differs between engines. Both match the same search
//! document (see the search migration); SQLite reaches it through its FTS5 trigram table,
//! PostgreSQL through a pg_trgm GIN index on the expression itself.
//!
//! SEARCH.md's two paths: `candidates` probes the indexes for at most `cap + 1` ids; when
//! that overflows the term is common, and the caller walks the sort's index with `scan`,
//! which stops after one page.
use crate::db::{pairs, trigrams, users};
use sea_orm::sea_query::{Alias, Condition, Expr, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, DbErr};
use std::collections::HashSet;
use uuid::Uuid;

/// Lowercased email, "first last" and phone digits, `|`-separated: the searched text. SQLite
/// indexes it in its FTS table; PostgreSQL stores it as a column with a trigram index.
fn document(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "users.search_doc",
        _ => "(users.email_norm || '|' || lower(users.first_name || ' ' || users.last_name) || '|' || coalesce(substr(users.phone, 2), ''))",
    }
}

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
    pub fn scan(&self, backend: DbBackend) -> Condition {
        let mut any = Condition::any();
        for needle in &self.needles {
            any = any.add(Expr::cust_with_values(
                format!(
                    "{} LIKE {} ESCAPE '!'",
                    document(backend),
                    placeholder(backend)
                ),
                [like_pattern(needle)],
            ));
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
        let backend = db.get_database_backend();
        let mut probes: Vec<SelectStatement> = match self.needles.as_slice() {
            [pair] if pairs::indexable(backend, pair) => {
                pairs::probe(db, pair).await?.into_iter().collect()
            }
            needles if needles.iter().any(|n| n.chars().count() < MIN_INDEXED) => {
                let mut scan = ids_query();
                scan.cond_where(self.scan(backend));
                vec![scan]
            }
            needles => needles.iter().map(|n| probe(backend, n)).collect(),
        };
        if let Some((low, high)) = self.ids {
            let mut by_id = ids_query();
            by_id.and_where(users::Column::Id.between(low, high));
            probes.push(by_id);
        }
        if let Some(more_than) = self.common_email_prefix(db, filters, cap).await? {
            return Ok(Candidates::Many(more_than));
        }
        collect(db, probes, filters, cap).await
    }

    /// A shortcut for the commonest searches, first names: when enough emails start with
    /// the term (read in the email index, ~0.2 ms), the term is common, proven without the
    /// trigram index (on PostgreSQL a bitmap of every match: ~6 ms for 28,000 "hugo"s).
    async fn common_email_prefix(
        &self,
        db: &impl ConnectionTrait,
        filters: &Condition,
        cap: u64,
    ) -> Result<Option<u64>, DbErr> {
        let term = &self.needles[0];
        if term.chars().count() < MIN_INDEXED {
            return Ok(None);
        }
        let p = placeholder(db.get_database_backend());
        let mut starting = ids_query();
        starting
            .and_where(users::Column::EmailNorm.gte(term.as_str()))
            .and_where(users::Column::EmailNorm.lt(format!("{term}{}", char::MAX)))
            // Exact whatever the collation's order.
            .and_where(Expr::cust_with_values(
                format!(
                    "substr(users.email_norm, 1, {}) = {p}",
                    term.chars().count()
                ),
                [term.clone()],
            ))
            // Keeps PostgreSQL's generic plan for this prepared statement on the index: it
            // would otherwise scan the table, expecting to meet 1,001 matches soon.
            .order_by(users::Column::EmailNorm, Order::Asc);
        Ok(match common(db, starting, filters, cap).await? {
            Some(Candidates::Many(more_than)) => Some(more_than),
            _ => None,
        })
    }
}

/// Term matches examined, when the term comes with filters, before choosing a path.
const SAMPLE: u64 = 2000;
/// Filtered matches in a full sample that make walking the sort's index the cheaper path:
/// the page is then found within some hundreds of term matches on average.
const DENSE: u64 = 25;

/// The ids the `probes` select (each an `id` column) that pass `filters`, or `Many` past
/// `cap` in all.
///
/// Without filters a probe stops at `cap + 1` term matches. With filters, proving more than
/// `cap` filtered matches can mean testing tens of thousands of term matches (a row read
/// each: ~1 µs), so a probe tests a sample of `SAMPLE` term matches first: all of them ->
/// exact; at least `DENSE` filtered -> walk the sort's index and show the lower bound found;
/// fewer -> the filtered matches are rare, and probing them all is the cheaper way.
pub(crate) async fn collect(
    db: &impl ConnectionTrait,
    probes: Vec<SelectStatement>,
    filters: &Condition,
    cap: u64,
) -> Result<Candidates, DbErr> {
    let mut found = HashSet::new();
    for mut probe in probes {
        let ids = match common(db, probe.clone(), filters, cap).await? {
            Some(ids) => ids,
            None => capped(db, probe.cond_where(filters.clone()).to_owned(), cap).await?,
        };
        match ids {
            Candidates::Few(ids) => found.extend(ids),
            many => return Ok(many),
        }
        if found.len() as u64 > cap {
            return Ok(Candidates::Many(cap));
        }
    }
    Ok(Candidates::Few(found))
}

/// The ids `probe` selects, or `Many` past `cap`. A probe past the cap answers with one row,
/// not a thousand ids: moving each row out of the database driver costs more than finding
/// it in the index.
async fn capped(
    db: &impl ConnectionTrait,
    mut probe: SelectStatement,
    cap: u64,
) -> Result<Candidates, DbErr> {
    let backend = db.get_database_backend();
    let mut statement = backend.build(probe.limit(cap + 1));
    let sql = statement.sql;
    statement.sql = format!(
        "WITH probe AS MATERIALIZED ({sql}) \
         SELECT id FROM probe WHERE (SELECT count(*) FROM probe) <= {cap} \
         UNION ALL SELECT NULL WHERE (SELECT count(*) FROM probe) > {cap}"
    );
    let mut found = HashSet::new();
    for row in db.query_all(statement).await? {
        match row.try_get::<Option<Uuid>>("", "id")? {
            Some(id) => found.insert(id),
            None => return Ok(Candidates::Many(cap)),
        };
    }
    Ok(Candidates::Few(found))
}

/// What `probe` and `filters` settle without testing every match of the probe: its ids or
/// `Many` without filters, else what the sample settles (`None`: the filtered matches are
/// rare).
async fn common(
    db: &impl ConnectionTrait,
    probe: SelectStatement,
    filters: &Condition,
    cap: u64,
) -> Result<Option<Candidates>, DbErr> {
    if filters.is_empty() {
        capped(db, probe, cap).await.map(Some)
    } else {
        sampled(db, probe, filters, cap).await
    }
}

/// `collect`'s sample: the answer it settles, or `None` when the filtered matches are rare.
async fn sampled(
    db: &impl ConnectionTrait,
    mut probe: SelectStatement,
    filters: &Condition,
    cap: u64,
) -> Result<Option<Candidates>, DbErr> {
    let backend = db.get_database_backend();
    probe
        .expr_as(
            Expr::case(filters.clone(), 1).finally(0),
            Alias::new("passes"),
        )
        .limit(SAMPLE);
    let mut statement = backend.build(&probe);
    let sql = statement.sql;
    let settled = format!("seen.n < {SAMPLE} AND seen.m <= {cap}");
    statement.sql = format!(
        "WITH probe AS MATERIALIZED ({sql}), \
         seen AS (SELECT count(*) AS n, coalesce(sum(passes), 0) AS m FROM probe) \
         SELECT probe.id, seen.n, seen.m FROM probe, seen WHERE probe.passes = 1 AND {settled} \
         UNION ALL SELECT NULL, seen.n, seen.m FROM seen WHERE NOT ({settled})"
    );
    let mut found = HashSet::new();
    for row in db.query_all(statement).await? {
        let Some(id) = row.try_get::<Option<Uuid>>("", "id")? else {
            let (n, m): (i64, i64) = (row.try_get("", "n")?, row.try_get("", "m")?);
            let (n, m) = (n as u64, m as u64);
            return Ok(if m > cap {
                Some(Candidates::Many(cap))
            } else if n == SAMPLE && m >= DENSE {
                Some(Candidates::Many(round_below(m)))
            } else {
                None
            });
        };
        found.insert(id);
    }
    Ok(Some(Candidates::Few(found)))
}

/// The largest of 1, 2, 5, 10, 20, 50 ... below `n` (n > 1): "more than 100" for 124 found.
fn round_below(n: u64) -> u64 {
    let mut best = 1;
    let mut scale = 1;
    while scale < n {
        for step in [1, 2, 5] {
            if step * scale < n {
                best = step * scale;
            }
        }
        scale *= 10;
    }
    best
}

pub enum Candidates {
    /// Every matching id: no more than the cap.
    Few(HashSet<Uuid>),
    /// More than this many (proven), too many to list: walk the sort's index.
    Many(u64),
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
fn probe(backend: DbBackend, needle: &str) -> SelectStatement {
    let key = index_key(needle);
    let mut query = ids_query();
    let mut exact = key.len() == needle.len();
    if backend == DbBackend::Sqlite {
        let (fts_query, phrase) = trigrams::fts_query(key);
        exact &= phrase;
        // A join lets SQLite stream FTS matches and stop at the limit; `rowid IN (...)`
        // would first collect every match.
        query
            .join(
                sea_orm::JoinType::InnerJoin,
                Alias::new("users_fts"),
                Expr::cust("users_fts.rowid = users.rowid"),
            )
            .and_where(Expr::cust_with_values("users_fts MATCH ?", [fts_query]));
    } else {
        let (matching, whole) = pg_index_match(document(backend), key);
        exact &= whole;
        query.cond_where(matching);
    }
    if !exact {
        // instr/strpos are not indexable, so the planner keeps to the index's candidates.
        let function = if backend == DbBackend::Sqlite {
            "instr"
        } else {
            "strpos"
        };
        query.and_where(Expr::cust_with_values(
            format!(
                "{function}({}, {}) > 0",
                document(backend),
                placeholder(backend)
            ),
            [needle.to_owned()],
        ));
    }
    query
}

/// PostgreSQL: `doc` contains `key` as far as its pg_trgm index tells (a long key by a few
/// distinctive trigrams, see `trigrams`), and whether that is exact.
pub(crate) fn pg_index_match(doc: &str, key: &str) -> (Condition, bool) {
    let like = |part: &str| {
        Expr::cust_with_values(format!("{doc} LIKE $1 ESCAPE '!'"), [like_pattern(part)])
    };
    match trigrams::distinctive(key) {
        None => (Condition::all().add(like(key)), true),
        Some(parts) => (
            parts
                .iter()
                .fold(Condition::all(), |all, part| all.add(like(part))),
            false,
        ),
    }
}

/// The part of `needle` to look up in the index: an email's local part when it is long
/// enough, else the whole needle.
pub(crate) fn index_key(needle: &str) -> &str {
    match needle.split_once('@') {
        Some((local, _)) if local.chars().count() >= MIN_INDEXED => local,
        _ => needle,
    }
}

/// sea-query takes `$1` as PostgreSQL's placeholder and `?` as SQLite's.
pub(crate) fn placeholder(backend: DbBackend) -> &'static str {
    if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    }
}

/// `%needle%` with LIKE's own characters taken literally (`!` escapes: a backslash would mean
/// different things to the two engines' string parsers).
pub(crate) fn like_pattern(needle: &str) -> String {
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
    fn email_terms_use_their_local_part() {
        assert_eq!(index_key("ann.lee@example.com"), "ann.lee");
        assert_eq!(index_key("al@example.com"), "al@example.com");
        assert_eq!(index_key("example.com"), "example.com");
    }

    #[test]
    fn lower_bounds_are_round() {
        assert_eq!(round_below(124), 100);
        assert_eq!(round_below(100), 50);
        assert_eq!(round_below(25), 20);
        assert_eq!(round_below(1000), 500);
        assert_eq!(round_below(1001), 1000);
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
