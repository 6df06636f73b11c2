//! Client search: a substring of the contact's name, the company name or the tax ID (the
//! client's search document, migration 4), or of the owner's email. The same two paths as
//! user search (see `users`): probe the indexes for a few ids, else walk the sort's index.
use super::dialect::{like, Dialect, Indexed};
use super::probes::{collect, Candidates};
use super::users::{index_key, MIN_INDEXED};
use crate::db::{client_users, clients, users};
use sea_orm::sea_query::{Condition, Expr, JoinType, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr};

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
    pub fn scan(&self, dialect: Dialect) -> Condition {
        let owners_email = Query::select()
            .expr(Expr::val(1))
            .from(client_users::Entity)
            .inner_join(
                users::Entity,
                Expr::col((users::Entity, users::Column::Id))
                    .equals((client_users::Entity, client_users::Column::UserId)),
            )
            .and_where(
                Expr::col((client_users::Entity, client_users::Column::ClientId))
                    .equals((clients::Entity, clients::Column::Id)),
            )
            .and_where(Expr::col((client_users::Entity, client_users::Column::Owner)).into())
            .and_where(like(
                Expr::col((users::Entity, users::Column::EmailNorm)).into(),
                &self.needle,
            ))
            .to_owned();
        Condition::any()
            .add(like(dialect.document(Indexed::Clients), &self.needle))
            .add(Expr::exists(owners_email))
    }

    /// The clients matching the term and `filters` (on `clients` columns), through the
    /// indexes; `Many` past `cap`.
    pub async fn candidates(
        &self,
        db: &impl ConnectionTrait,
        filters: &Condition,
        cap: u64,
    ) -> Result<Candidates, DbErr> {
        let dialect = Dialect::of(db);
        let probes = if self.needle.chars().count() < MIN_INDEXED {
            let mut scan = client_ids();
            scan.cond_where(self.scan(dialect));
            vec![scan]
        } else {
            vec![self.by_document(dialect), self.by_owner_email(dialect)]
        };
        collect(db, probes, filters, cap).await
    }

    fn by_document(&self, dialect: Dialect) -> SelectStatement {
        let mut query = client_ids();
        if !dialect.trigram_match(&mut query, Indexed::Clients, &self.needle) {
            query.and_where(dialect.contains(dialect.document(Indexed::Clients), &self.needle));
        }
        query
    }

    /// Clients whose owner's email contains the term, through the users' search index (whose
    /// document starts with the email); the email itself is checked on the candidates.
    fn by_owner_email(&self, dialect: Dialect) -> SelectStatement {
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
        dialect.trigram_match(&mut query, Indexed::Users, index_key(&self.needle));
        let email = Expr::col((users::Entity, users::Column::EmailNorm)).into();
        query.and_where(dialect.contains(email, &self.needle));
        query
    }
}

fn client_ids() -> SelectStatement {
    Query::select()
        .column((clients::Entity, clients::Column::Id))
        .from(clients::Entity)
        .to_owned()
}
