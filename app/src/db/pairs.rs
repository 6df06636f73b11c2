//! Two-character search terms through the trigram indexes (migration 8), instead of a walk
//! of the whole table when the pair is rare (~0.45 s at 1,000,000 users).
//! - SQLite: the FTS5 vocabulary lists the indexed trigrams that start with the pair; a
//!   document contains the pair where one of them occurs, unless the pair ends the document.
//! - PostgreSQL: an index over the document with every character doubled, where the pair
//!   "an" is exactly the substring "aann".
use super::search::{ids_query, like_pattern};
use super::trigrams::phrase;
use sea_orm::sea_query::{Alias, Expr, SelectStatement};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, JoinType, Statement};

/// Must equal migration 8's indexed expression, or PostgreSQL will not use the index.
const DOUBLED_DOCUMENT: &str = r"regexp_replace(users.search_doc, '(.)', '\1\1', 'g')";

/// Whether the index can find every document containing `pair`. SQLite's cannot find a pair
/// at the very end of a document, which ends with phone digits or the `|` before them.
pub fn indexable(backend: DbBackend, pair: &str) -> bool {
    let mut chars = pair.chars();
    let (Some(_), Some(last), None) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    backend == DbBackend::Postgres || !(last.is_ascii_digit() || last == '|')
}

/// The ids of users whose document contains `pair` (see `indexable`), or `None` when no
/// document can.
pub async fn probe(
    db: &impl ConnectionTrait,
    pair: &str,
) -> Result<Option<SelectStatement>, DbErr> {
    let mut query = ids_query();
    if db.get_database_backend() == DbBackend::Postgres {
        let doubled: String = pair.chars().flat_map(|c| [c, c]).collect();
        query.and_where(Expr::cust_with_values(
            format!("{DOUBLED_DOCUMENT} LIKE $1 ESCAPE '!'"),
            [like_pattern(&doubled)],
        ));
        return Ok(Some(query));
    }
    let continuations = continuations(db, pair).await?;
    if continuations.is_empty() {
        return Ok(None);
    }
    let fts_query = continuations
        .iter()
        .map(|t| phrase(t))
        .collect::<Vec<_>>()
        .join(" OR ");
    query
        .join(
            JoinType::InnerJoin,
            Alias::new("users_fts"),
            Expr::cust("users_fts.rowid = users.rowid"),
        )
        .and_where(Expr::cust_with_values("users_fts MATCH ?", [fts_query]));
    Ok(Some(query))
}

/// SQLite: the indexed trigrams starting with `pair` (the tokenizer folds case, as the
/// search lowercases the term). The vocabulary is sorted, so this reads one range of it.
async fn continuations(db: &impl ConnectionTrait, pair: &str) -> Result<Vec<String>, DbErr> {
    let statement = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "SELECT term FROM users_fts_vocab WHERE term > ? AND term < ?",
        [
            pair.to_owned().into(),
            format!("{pair}{}", char::MAX).into(),
        ],
    );
    db.query_all(statement)
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "term"))
        .collect()
}
