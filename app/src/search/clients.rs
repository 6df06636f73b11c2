//! Client search: a substring of the contact's name, the company name or the tax ID (the
//! client's search document, migration 4), or of the owner's email. The same two paths as
//! user search (see `users`): probe the indexes for a few ids, else walk the sort's index.
use super::probes::{collect, Candidates};
use super::trigrams;
use super::users::{index_key, like_pattern, pg_index_match, placeholder, MIN_INDEXED};
use crate::db::{client_users, clients, users};
use sea_orm::sea_query::{Alias, Condition, Expr, JoinType, Query, SelectStatement, SimpleExpr};
use sea_orm::{ConnectionTrait, DbBackend, DbErr};

fn document(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "clients.search_doc",
        _ => "(lower(clients.first_name || ' ' || clients.last_name) || '|' || lower(coalesce(clients.company_name, '')) || '|' || lower(coalesce(clients.tax_id, '')))",
    }
}

#[derive(Debug)]
pub struct ClientSearch {
    needle: String,
}

impl ClientSearch {
    /// `None` for a blank term.
    pub fn parse(term: &str) -> Option<ClientSearch> {
        let needle = term.trim().to_lowercase();
        (!needle.is_empty()).then_some(ClientSearch { needle })
    }

    /// Clients matching the term, tested row by row: for walking an ordered index.
    pub fn scan(&self, backend: DbBackend) -> Condition {
        let p = placeholder(backend);
        let pattern = like_pattern(&self.needle);
        Condition::any()
            .add(Expr::cust_with_values(
                format!("{} LIKE {p} ESCAPE '!'", document(backend)),
                [pattern.clone()],
            ))
            .add(Expr::cust_with_values(
                format!(
                    "EXISTS (SELECT 1 FROM client_users cu JOIN users u ON u.id = cu.user_id \
                     WHERE cu.client_id = clients.id AND cu.owner AND u.email_norm LIKE {p} ESCAPE '!')"
                ),
                [pattern],
            ))
    }

    /// The clients matching the term and `filters` (on `clients` columns), through the
    /// indexes; `Many` past `cap`.
    pub async fn candidates(
        &self,
        db: &impl ConnectionTrait,
        filters: &Condition,
        cap: u64,
    ) -> Result<Candidates, DbErr> {
        let backend = db.get_database_backend();
        let probes = if self.needle.chars().count() < MIN_INDEXED {
            let mut scan = client_ids();
            scan.cond_where(self.scan(backend));
            vec![scan]
        } else {
            vec![self.by_document(backend), self.by_owner_email(backend)]
        };
        collect(db, probes, filters, cap).await
    }

    fn by_document(&self, backend: DbBackend) -> SelectStatement {
        let mut query = client_ids();
        let exact = if backend == DbBackend::Sqlite {
            let (fts_query, exact) = trigrams::fts_query(&self.needle);
            query
                .join(
                    JoinType::InnerJoin,
                    Alias::new("clients_fts"),
                    Expr::cust("clients_fts.rowid = clients.rowid"),
                )
                .and_where(fts_match("clients_fts", fts_query));
            exact
        } else {
            let (matching, exact) = pg_index_match(document(backend), &self.needle);
            query.cond_where(matching);
            exact
        };
        if !exact {
            // Not indexable: the planner keeps to the index's candidates.
            let (function, p) = match backend {
                DbBackend::Sqlite => ("instr", "?"),
                _ => ("strpos", "$1"),
            };
            query.and_where(Expr::cust_with_values(
                format!("{function}({}, {p}) > 0", document(backend)),
                [self.needle.clone()],
            ));
        }
        query
    }

    /// Clients whose owner's email contains the term, through the users' search index (whose
    /// document starts with the email); the email itself is checked on the candidates.
    fn by_owner_email(&self, backend: DbBackend) -> SelectStatement {
        let key = index_key(&self.needle);
        let mut query = client_ids();
        query
            .join(
                JoinType::InnerJoin,
                client_users::Entity,
                Expr::cust("client_users.client_id = clients.id AND client_users.owner"),
            )
            .join(
                JoinType::InnerJoin,
                users::Entity,
                Expr::cust("users.id = client_users.user_id"),
            );
        let (function, p) = if backend == DbBackend::Sqlite {
            query
                .join(
                    JoinType::InnerJoin,
                    Alias::new("users_fts"),
                    Expr::cust("users_fts.rowid = users.rowid"),
                )
                .and_where(fts_match("users_fts", trigrams::fts_query(key).0));
            ("instr", "?")
        } else {
            query.cond_where(pg_index_match("users.search_doc", key).0);
            ("strpos", "$1")
        };
        query.and_where(Expr::cust_with_values(
            format!("{function}(users.email_norm, {p}) > 0"),
            [self.needle.clone()],
        ));
        query
    }
}

fn client_ids() -> SelectStatement {
    Query::select()
        .column((clients::Entity, clients::Column::Id))
        .from(clients::Entity)
        .to_owned()
}

fn fts_match(table: &str, fts_query: String) -> SimpleExpr {
    Expr::cust_with_values(format!("{table} MATCH ?"), [fts_query])
}
