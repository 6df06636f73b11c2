//! Reading one page of a sorted list, shared by Manage Users and Manage Clients: pages past
//! the middle of an exact total are read from the other end (so "last" costs what "first"
//! does), and deep pages find their ids in the sort's index before reading any row.
use crate::model::user_list::{SortDir, Total};
use sea_orm::sea_query::{Alias, Condition, Expr, NullOrdering, Order, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
    SelectModel, Selector,
};
use uuid::Uuid;

/// From this offset on, a page is found by id first.
const DEEP_OFFSET: u64 = 1000;

/// How many rows of `E` are in `scope`, counting no further than `cap + 1`. The database
/// counts: one row comes back, not a thousand ids.
pub async fn capped_total<E: EntityTrait>(
    db: &impl ConnectionTrait,
    scope: Condition,
    cap: u64,
) -> Result<Total, DbErr> {
    let capped = Query::select()
        .expr(Expr::val(1))
        .from(E::default())
        .cond_where(scope)
        .limit(cap + 1)
        .to_owned();
    let count = Query::select()
        .expr_as(Expr::cust("count(*)"), Alias::new("n"))
        .from_subquery(capped, Alias::new("capped"))
        .to_owned();
    let backend = db.get_database_backend();
    let n: i64 = match db.query_one(backend.build(&count)).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    let n = u64::try_from(n).unwrap_or(0);
    Ok(if n > cap {
        Total::AtLeast(cap)
    } else {
        Total::Exact(n)
    })
}

/// A list entity whose primary key is a UUID column.
pub trait Listed: EntityTrait {
    fn id_column() -> Self::Column;
}

/// What a list reads of each row of its entity (the columns it shows, or the whole model).
pub trait ListRow: sea_orm::FromQueryResult + Sized + Send + Sync {
    type Entity: Listed;
    fn read(select: Select<Self::Entity>) -> Selector<SelectModel<Self>>;
    fn id(&self) -> Uuid;
}

/// A column of a sort.
pub struct SortColumn {
    expr: SimpleExpr,
    /// Nulls (e.g. "never signed in") sort below every value, as SQLite always has them;
    /// PostgreSQL is told so (its index is built the same way). Else the column has none.
    nulls_first: bool,
}

impl SortColumn {
    /// `select` ordered by this column in direction `order`, nulls below every value.
    pub fn order<E: EntityTrait>(self, select: Select<E>, order: Order) -> Select<E> {
        match self.nulls_first {
            true => {
                let nulls = match order {
                    Order::Asc => NullOrdering::First,
                    _ => NullOrdering::Last,
                };
                select.order_by_with_nulls(self.expr, order, nulls)
            }
            false => select.order_by(self.expr, order),
        }
    }

    pub fn nulls_first(expr: impl Into<SimpleExpr>) -> Self {
        Self {
            expr: expr.into(),
            nulls_first: true,
        }
    }
}

impl<T: Into<SimpleExpr>> From<T> for SortColumn {
    fn from(expr: T) -> Self {
        Self {
            expr: expr.into(),
            nulls_first: false,
        }
    }
}

/// Page `page` (1-based) of `scope`, ordered by `keys` then the id, in direction `dir`.
pub async fn page_of<R: ListRow>(
    db: &impl ConnectionTrait,
    scope: Select<R::Entity>,
    keys: Vec<SortColumn>,
    dir: SortDir,
    total: Total,
    page: u32,
    per_page: u32,
) -> Result<Vec<R>, DbErr> {
    let offset = u64::from(page - 1) * u64::from(per_page);
    let (mut offset, mut limit, mut reversed) = (offset, u64::from(per_page), false);
    if let Total::Exact(n) = total {
        if offset >= n {
            return Ok(Vec::new());
        }
        if offset > n / 2 {
            let end = (offset + limit).min(n);
            (offset, limit, reversed) = (n - end, end - offset, true);
        }
    }
    let order = match (dir, reversed) {
        (SortDir::Asc, false) | (SortDir::Desc, true) => Order::Asc,
        _ => Order::Desc,
    };
    let mut select = scope;
    for key in keys {
        select = key.order(select, order.clone());
    }
    let select = select
        .order_by(R::Entity::id_column(), order)
        .offset(offset)
        .limit(limit);
    let mut found = if offset < DEEP_OFFSET {
        R::read(select).all(db).await?
    } else {
        // Skip the offset's rows in the sort's index alone, then read only the page's rows.
        let ids: Vec<Uuid> = select
            .select_only()
            .column(R::Entity::id_column())
            .into_tuple()
            .all(db)
            .await?;
        let chosen = R::Entity::find().filter(R::Entity::id_column().is_in(ids.clone()));
        let mut rows = R::read(chosen).all(db).await?;
        rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id()));
        rows
    };
    if reversed {
        found.reverse();
    }
    Ok(found)
}

impl Listed for crate::db::users::Entity {
    fn id_column() -> Self::Column {
        crate::db::users::Column::Id
    }
}

impl Listed for crate::db::clients::Entity {
    fn id_column() -> Self::Column {
        crate::db::clients::Column::Id
    }
}

impl ListRow for crate::db::ListedUser {
    type Entity = crate::db::users::Entity;
    fn read(select: Select<Self::Entity>) -> Selector<SelectModel<Self>> {
        select.select_only().columns(Self::COLUMNS).into_model()
    }
    fn id(&self) -> Uuid {
        self.id
    }
}

impl ListRow for crate::db::clients::Model {
    type Entity = crate::db::clients::Entity;
    fn read(select: Select<Self::Entity>) -> Selector<SelectModel<Self>> {
        select.into_model()
    }
    fn id(&self) -> Uuid {
        self.id
    }
}
