//! Terms the trigram indexes cannot narrow (migration 8), instead of a walk of the whole
//! table when the term is rare (~0.45 s at 1,000,000 users): two-character terms, and on
//! PostgreSQL any term without three letters or digits in a row ("o'b"), as pg_trgm skips
//! punctuation.
//! - SQLite: the FTS5 vocabulary lists the indexed trigrams that start with the pair; a
//!   document contains the pair where one of them occurs, unless the pair ends the document.
//! - PostgreSQL: an index over the document with every character doubled, where the pair
//!   "an" is the substring "aann" (punctuation first becomes capitals: pg_trgm skips it).
use super::dialect::{fts_match, like, Dialect, Indexed};
use super::trigrams::phrase;
use super::users::ids_query;
use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr};

/// PostgreSQL: migration 8's indexed expression (it must be the same, or the index goes
/// unused): punctuation translated to capitals, then every character doubled.
const DOUBLED_DOCUMENT: &str = r#"regexp_replace(translate(users.search_doc, ' .@_-+''|%!&,()/#"*=?~^$;:<>[]`{}', 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF'), '(.)', '\1\1', 'g')"#;
const PUNCTUATION: &str = " .@_-+'|%!&,()/#\"*=?~^$;:<>[]`{}";
const CAPITALS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF";

/// `term` as it appears in `DOUBLED_DOCUMENT`.
fn doubled(term: &str) -> String {
    term.chars()
        .map(|c| match PUNCTUATION.chars().position(|p| p == c) {
            Some(i) => CAPITALS.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .flat_map(|c| [c, c])
        .collect()
}

/// Whether `needle` goes to this module's index. SQLite's finds two-character terms, but
/// not one at the very end of a document, which ends with phone digits or the `|` before
/// them.
pub fn indexable(dialect: Dialect, needle: &str) -> bool {
    let chars: Vec<char> = needle.chars().collect();
    match (dialect, chars.as_slice()) {
        (Dialect::Postgres, chars) => chars.len() >= 2 && !has_alphanumeric_run(chars, 3),
        (_, [_, last]) => !(last.is_ascii_digit() || *last == '|'),
        _ => false,
    }
}

/// Whether `chars` has `n` letters or digits in a row (what pg_trgm makes trigrams of).
fn has_alphanumeric_run(chars: &[char], n: usize) -> bool {
    chars
        .split(|c| !c.is_alphanumeric())
        .any(|run| run.len() >= n)
}

/// The ids of users whose document contains `term` (an `indexable` one), or `None` when no
/// document can.
pub async fn probe(
    db: &impl ConnectionTrait,
    term: &str,
) -> Result<Option<SelectStatement>, DbErr> {
    let mut query = ids_query();
    let dialect = Dialect::of(db);
    if dialect == Dialect::Postgres {
        // The capitals make the index's answer a superset: check the term itself.
        query
            .and_where(like(Expr::cust(DOUBLED_DOCUMENT), &doubled(term)))
            .and_where(dialect.contains(dialect.document(Indexed::Users), term));
        return Ok(Some(query));
    }
    let continuations = continuations(db, term).await?;
    if continuations.is_empty() {
        return Ok(None);
    }
    let fts_query = continuations
        .iter()
        .map(|t| phrase(t))
        .collect::<Vec<_>>()
        .join(" OR ");
    fts_match(&mut query, Indexed::Users, fts_query);
    Ok(Some(query))
}

/// SQLite: the indexed trigrams starting with `pair` (the tokenizer folds case, as the
/// search lowercases the term). The vocabulary is sorted, so this reads one range of it.
async fn continuations(db: &impl ConnectionTrait, pair: &str) -> Result<Vec<String>, DbErr> {
    let term = || Expr::col(Alias::new("term"));
    let vocabulary = Query::select()
        .column(Alias::new("term"))
        .from(Alias::new("users_fts_vocab"))
        .and_where(term().gt(pair))
        .and_where(term().lt(format!("{pair}{}", char::MAX)))
        .to_owned();
    db.query_all(db.get_database_backend().build(&vocabulary))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "term"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_becomes_capitals_doubled() {
        assert_eq!(doubled("an"), "aann");
        assert_eq!(doubled("o'"), "ooGG");
        assert_eq!(doubled("| "), "HHAA");
        assert_eq!(doubled("}ü"), "FFüü");
        assert_eq!(PUNCTUATION.chars().count(), CAPITALS.len());
    }

    #[test]
    fn which_terms_go_to_the_pairs_index() {
        let pg = |t| indexable(Dialect::Postgres, t);
        let sqlite = |t| indexable(Dialect::Sqlite, t);
        assert!(pg("an") && pg("o'b") && pg("e%m") && pg("41"));
        assert!(!pg("a") && !pg("ann") && !pg("o'brien"));
        assert!(sqlite("an") && sqlite("o'") && sqlite("4a"));
        assert!(!sqlite("a") && !sqlite("o'b") && !sqlite("41") && !sqlite("b|"));
    }

    /// The index is used only if the query repeats migration 8's expression exactly.
    #[cfg(feature = "test-support")]
    #[tokio::test]
    async fn postgres_finds_pairs_through_their_index() {
        use sea_orm::TransactionTrait;
        let t = crate::testing::postgres().await;
        let txn = t.db.begin().await.unwrap();
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await
            .unwrap();
        for pair in ["an", "o'", "o'b"] {
            let query = probe(&txn, pair).await.unwrap().unwrap();
            let mut explain = sea_orm::DbBackend::Postgres.build(&query);
            explain.sql = format!("EXPLAIN {}", explain.sql);
            let plan: Vec<String> = txn
                .query_all(explain)
                .await
                .unwrap()
                .iter()
                .map(|row| row.try_get_by_index(0).unwrap())
                .collect();
            let plan = plan.join("\n");
            assert!(plan.contains("users_search_pairs_trgm"), "{pair}: {plan}");
        }
    }
}
