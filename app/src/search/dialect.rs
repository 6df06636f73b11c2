//! The one place where search query text differs between SQLite and PostgreSQL. Both search
//! the same documents (the search migrations): SQLite through FTS5 trigram tables joined by
//! rowid, PostgreSQL through pg_trgm indexes on stored document columns. Every value is
//! bound by sea-query; nothing here writes a placeholder.
use super::trigrams;
use sea_orm::sea_query::{
    Alias, BinOper, Condition, Expr, Func, JoinType, LikeExpr, SelectStatement, SimpleExpr,
};
use sea_orm::{ConnectionTrait, DbBackend};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A table with a search document and its trigram index.
#[derive(Debug, Clone, Copy)]
pub enum Indexed {
    /// Lowercased email, "first last" and phone digits, `|`-separated.
    Users,
    /// Lowercased "first last", company name and tax ID, `|`-separated.
    Clients,
}

impl Indexed {
    fn table(self) -> &'static str {
        match self {
            Indexed::Users => "users",
            Indexed::Clients => "clients",
        }
    }
}

impl Dialect {
    pub fn of(db: &impl ConnectionTrait) -> Dialect {
        match db.get_database_backend() {
            DbBackend::Postgres => Dialect::Postgres,
            _ => Dialect::Sqlite,
        }
    }

    /// The searched text of `indexed`: a stored column on PostgreSQL, the expression SQLite's
    /// FTS table was filled from on SQLite.
    pub fn document(self, indexed: Indexed) -> SimpleExpr {
        Expr::cust(match (self, indexed) {
            (Dialect::Postgres, Indexed::Users) => "users.search_doc",
            (Dialect::Postgres, Indexed::Clients) => "clients.search_doc",
            (Dialect::Sqlite, Indexed::Users) => "(users.email_norm || '|' || lower(users.first_name || ' ' || users.last_name) || '|' || coalesce(substr(users.phone, 2), ''))",
            (Dialect::Sqlite, Indexed::Clients) => "(lower(clients.first_name || ' ' || clients.last_name) || '|' || lower(coalesce(clients.company_name, '')) || '|' || lower(coalesce(clients.tax_id, '')))",
        })
    }

    /// `haystack` contains `needle`, tested row by row. Not indexable, so the planner keeps
    /// to the candidates an index found.
    pub fn contains(self, haystack: SimpleExpr, needle: &str) -> SimpleExpr {
        let function = match self {
            Dialect::Sqlite => "instr",
            Dialect::Postgres => "strpos",
        };
        Expr::expr(Func::cust(Alias::new(function)).args([haystack, needle.into()])).gt(0)
    }

    /// Narrows `query` (which reads `indexed`'s table) to the rows whose document contains
    /// `key` as far as the trigram index tells (a long key by a few distinctive trigrams,
    /// see `trigrams`). Returns whether that is exact; when not, the caller checks the key.
    pub fn trigram_match(self, query: &mut SelectStatement, indexed: Indexed, key: &str) -> bool {
        match self {
            Dialect::Sqlite => {
                let (fts_query, exact) = trigrams::fts_query(key);
                fts_match(query, indexed, fts_query);
                exact
            }
            Dialect::Postgres => {
                let document = self.document(indexed);
                let parts = trigrams::distinctive(key);
                let exact = parts.is_none();
                let parts = parts.unwrap_or_else(|| vec![key.to_owned()]);
                let all = parts.iter().fold(Condition::all(), |all, part| {
                    all.add(like(document.clone(), part))
                });
                query.cond_where(all);
                exact
            }
        }
    }
}

/// SQLite: narrows `query` to the rows of `indexed`'s table that its FTS5 table matches for
/// `fts_query`. A join lets SQLite stream the matches and stop at the limit; `rowid IN
/// (...)` would first collect every match.
pub fn fts_match(query: &mut SelectStatement, indexed: Indexed, fts_query: String) {
    let table = indexed.table();
    let fts = format!("{table}_fts");
    query
        .join(
            JoinType::InnerJoin,
            Alias::new(&fts),
            Expr::cust(format!("{fts}.rowid = {table}.rowid")),
        )
        .and_where(Expr::col(Alias::new(fts)).binary(BinOper::Custom("MATCH"), fts_query));
}

/// `text LIKE '%needle%'` with LIKE's own characters taken literally (`!` escapes: a
/// backslash would mean different things to the two engines' string parsers).
pub fn like(text: SimpleExpr, needle: &str) -> SimpleExpr {
    like_at(text, needle, (true, true))
}

/// `text LIKE` needle, with any text allowed before it and/or after it (`(before, after)`):
/// `(false, true)` is "starts with", `(true, false)` "ends with".
pub fn like_at(text: SimpleExpr, needle: &str, (before, after): (bool, bool)) -> SimpleExpr {
    let pattern = like_pattern(needle);
    let pattern = &pattern[usize::from(!before)..pattern.len() - usize::from(!after)];
    Expr::expr(text).like(LikeExpr::new(pattern).escape('!'))
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{PostgresQueryBuilder, Query, SqliteQueryBuilder};

    #[test]
    fn like_characters_are_literal() {
        assert_eq!(like_pattern("a_b%c!\\"), "%a!_b!%c!!\\%");
    }

    #[test]
    fn values_are_bound_by_sea_query() {
        let mut query = Query::select()
            .expr(Expr::val(1))
            .from(Alias::new("users"))
            .to_owned();
        query.and_where(like(Dialect::Postgres.document(Indexed::Users), "a%"));
        query.and_where(Dialect::Postgres.contains(Expr::cust("users.email_norm"), "ann"));
        let (sql, values) = query.build(PostgresQueryBuilder);
        assert!(
            sql.ends_with(
                "(users.search_doc) LIKE $2 ESCAPE '!' AND strpos(users.email_norm, $3) > $4"
            ),
            "{sql}"
        );
        assert_eq!(values.0[1], "%a!%%".into());
        assert_eq!(values.0[2], "ann".into());

        let mut query = Query::select()
            .expr(Expr::val(1))
            .from(Alias::new("users"))
            .to_owned();
        fts_match(&mut query, Indexed::Users, "\"ann\"".into());
        let (sql, values) = query.build(SqliteQueryBuilder);
        assert!(
            sql.ends_with(
                "INNER JOIN \"users_fts\" ON users_fts.rowid = users.rowid WHERE \"users_fts\" MATCH ?"
            ),
            "{sql}"
        );
        assert_eq!(values.0[1], "\"ann\"".into());
    }
}
