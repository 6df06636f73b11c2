//! Manage Users list semantics (search, filters, sort, paging, totals, client counts) on
//! SQLite and PostgreSQL.
use app::db::{client_users, clients, users};
use app::engine_tests;
use app::model::user_list::{
    SignInRecency, SortDir, SortKey, Total, TwoFactorState, UserListQuery, UserStatus,
};
use app::model::Keyed;
use app::service::user_list::list_users;
use app::testing::TestDb;
use chrono::{Duration, SubsecRound, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

/// (first, last, email, phone, status, 2FA required, enrolled, email verified)
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    bool,
    bool,
    bool,
);

const PEOPLE: &[Spec] = &[
    (
        "Ann",
        "Lee",
        "Ann.Lee@Example.com",
        Some("+14155550123"),
        "active",
        false,
        false,
        true,
    ),
    (
        "Anna",
        "Nowak",
        "anna_nowak@wp.pl",
        Some("+48512345678"),
        "new",
        true,
        false,
        false,
    ),
    (
        "Bob",
        "O'Brien",
        "bob@obrien.ie",
        None,
        "inactive",
        true,
        true,
        true,
    ),
    (
        "Zoë",
        "Müller",
        "zoe%mueller@web.de",
        Some("+4915112345678"),
        "active",
        false,
        false,
        true,
    ),
    (
        "Carl",
        "Axb",
        "axb@x.com",
        None,
        "active",
        false,
        false,
        false,
    ),
    ("Dora", "A_b", "a_b@x.com", None, "new", false, false, false),
];

async fn seed(db: &app::db::Db) -> Vec<users::Model> {
    let base = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let mut out = Vec::new();
    for (i, (first, last, email, phone, status, required, enrolled, verified)) in
        PEOPLE.iter().enumerate()
    {
        let created = (base + Duration::days(i as i64)).trunc_subsecs(6);
        let user = users::ActiveModel {
            id: Set(Uuid::now_v7()),
            email: Set(email.to_string()),
            email_norm: Set(email.to_lowercase()),
            password_hash: Set("$argon2id$test".into()),
            first_name: Set(first.to_string()),
            last_name: Set(last.to_string()),
            phone: Set(phone.map(str::to_owned)),
            language: Set("en".into()),
            admin_notes: Set(String::new()),
            status: Set(UserStatus::from_key(status).expect("a status key")),
            email_verified: Set(*verified),
            phone_verified: Set(false),
            two_factor_required: Set(*required),
            totp_secret_enc: Set(enrolled.then(|| vec![1, 2, 3])),
            totp_enrolled_at: Set(enrolled.then_some(created)),
            totp_last_step: Set(None),
            failed_logins: Set(0),
            locked_until: Set(None),
            created_at: Set(created),
            updated_at: Set(created),
            last_login_at: Set(None),
            version: Set(1),
            ..Default::default()
        };
        out.push(user.insert(db).await.unwrap());
    }
    // Ann belongs to two clients, Bob to one.
    for (user, n) in [(&out[0], 2), (&out[2], 1)] {
        for _ in 0..n {
            let client = clients::ActiveModel {
                id: Set(Uuid::now_v7()),
                first_name: Set("C".into()),
                last_name: Set("D".into()),
                company_name: Set(None),
                tax_id: Set(None),
                status: Set(app::model::client::ClientStatus::Active),
                language: Set("en".into()),
                admin_notes: Set(String::new()),
                created_at: Set(base),
                updated_at: Set(base),
                version: Set(1),
                ..Default::default()
            }
            .insert(db)
            .await
            .unwrap();
            client_users::ActiveModel {
                client_id: Set(client.id),
                user_id: Set(user.id),
                owner: Set(false),
                permissions: Set(app::db::KeyList::new(&[])),
                created_at: Set(base),
            }
            .insert(db)
            .await
            .unwrap();
        }
    }
    out
}

fn q(term: &str) -> UserListQuery {
    UserListQuery {
        q: term.into(),
        ..Default::default()
    }
}

async fn emails(db: &app::db::Db, query: UserListQuery) -> Vec<String> {
    list_users(db, &query)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.email)
        .collect()
}

engine_tests!(search_matches_substrings_case_insensitively);
async fn search_matches_substrings_case_insensitively(t: TestDb) {
    let db = &t.db;
    let people = seed(db).await;
    let e = t.engine;
    assert_eq!(
        emails(db, q("ANN.LEE@exa")).await,
        ["Ann.Lee@Example.com"],
        "{e}"
    );
    assert_eq!(
        emails(db, q("ann lee")).await,
        ["Ann.Lee@Example.com"],
        "{e}: first last"
    );
    assert_eq!(
        emails(db, q("nowak")).await,
        ["anna_nowak@wp.pl"],
        "{e}: last name"
    );
    assert_eq!(
        emails(db, q("4155")).await,
        ["Ann.Lee@Example.com"],
        "{e}: phone digits"
    );
    assert_eq!(
        emails(db, q("+1 415-555")).await,
        ["Ann.Lee@Example.com"],
        "{e}: formatted phone"
    );
    assert_eq!(
        emails(db, q("o'brien")).await,
        ["bob@obrien.ie"],
        "{e}: quote"
    );
    assert_eq!(
        emails(db, q("MÜLLER")).await,
        ["zoe%mueller@web.de"],
        "{e}: non-ASCII"
    );
    // LIKE's own characters are literal, in short and long terms alike.
    assert_eq!(emails(db, q("a_b")).await, ["a_b@x.com"], "{e}: underscore");
    assert_eq!(
        emails(db, q("%")).await,
        ["zoe%mueller@web.de"],
        "{e}: percent"
    );
    assert_eq!(
        emails(db, q("e%m")).await,
        ["zoe%mueller@web.de"],
        "{e}: percent inside"
    );
    assert!(
        emails(db, q("\"")).await.is_empty(),
        "{e}: a lone quote matches nothing"
    );
    assert!(emails(db, q("nobody-like-this")).await.is_empty(), "{e}");
    // Long terms go to the index as a few of their trigrams: the words must still be
    // adjacent and in order.
    assert!(
        emails(db, q("nowak anna")).await.is_empty(),
        "{e}: words swapped"
    );
    assert_eq!(
        emails(db, q("na_nowak@wp")).await,
        ["anna_nowak@wp.pl"],
        "{e}: a long fragment"
    );
    // UUID prefix (ids made in one millisecond share their first 12 digits).
    let id = people[3].id.to_string();
    assert_eq!(
        emails(db, q(&id[..30])).await,
        ["zoe%mueller@web.de"],
        "{e}: uuid prefix"
    );
    // Two letters (no trigram): Anna and Ann, newest first.
    assert_eq!(
        emails(db, q("an")).await,
        ["anna_nowak@wp.pl", "Ann.Lee@Example.com"],
        "{e}: 2 letters"
    );
}

engine_tests!(short_and_punctuated_terms_find_every_match);
async fn short_and_punctuated_terms_find_every_match(t: TestDb) {
    let db = &t.db;
    seed(db).await;
    let e = t.engine;
    let cases: &[(&str, &[&str])] = &[
        ("ZO", &["zoe%mueller@web.de"]),
        ("o'", &["bob@obrien.ie"]),
        ("o'b", &["bob@obrien.ie"]),
        ("b o'", &["bob@obrien.ie"]),
        ("_b", &["a_b@x.com"]),
        ("x.", &["a_b@x.com", "axb@x.com"]),
        // At the very end of the document (the phone's last digits, the empty phone).
        ("78", &["zoe%mueller@web.de", "anna_nowak@wp.pl"]),
        ("b|", &["a_b@x.com", "axb@x.com"]),
        ("xq", &[]),
    ];
    for (term, want) in cases {
        assert_eq!(emails(db, q(term)).await, *want, "{e}: {term:?}");
    }
}

engine_tests!(filters_sort_paging_totals_and_client_counts);
async fn filters_sort_paging_totals_and_client_counts(t: TestDb) {
    let db = &t.db;
    let people = seed(db).await;
    let e = t.engine;
    let all = list_users(db, &UserListQuery::default()).await.unwrap();
    assert_eq!(all.total, Total::Exact(6), "{e}");
    assert_eq!(all.rows[0].email, "a_b@x.com", "{e}: newest first");
    let ann = all.rows.iter().find(|r| r.first_name == "Ann").unwrap();
    assert_eq!(
        (ann.clients, ann.status, ann.two_factor),
        (2, UserStatus::Active, TwoFactorState::Off),
        "{e}"
    );
    assert_eq!(
        ann.phone.as_deref(),
        Some("+1 415-555-0123"),
        "{e}: international format"
    );
    let bob = all.rows.iter().find(|r| r.first_name == "Bob").unwrap();
    assert_eq!(
        (bob.clients, bob.two_factor),
        (1, TwoFactorState::Enrolled),
        "{e}"
    );
    let anna = all.rows.iter().find(|r| r.first_name == "Anna").unwrap();
    assert_eq!(anna.two_factor, TwoFactorState::Required, "{e}");

    let filtered = |f: fn(&mut UserListQuery)| {
        let mut query = UserListQuery::default();
        f(&mut query);
        query
    };
    assert_eq!(
        emails(db, filtered(|x| x.status = Some(UserStatus::New))).await,
        ["a_b@x.com", "anna_nowak@wp.pl"],
        "{e}"
    );
    assert_eq!(
        emails(
            db,
            filtered(|x| x.two_factor = Some(TwoFactorState::Enrolled))
        )
        .await,
        ["bob@obrien.ie"],
        "{e}"
    );
    assert_eq!(
        emails(
            db,
            filtered(|x| x.two_factor = Some(TwoFactorState::Required))
        )
        .await,
        ["anna_nowak@wp.pl"],
        "{e}"
    );
    assert_eq!(
        emails(db, filtered(|x| x.two_factor = Some(TwoFactorState::Off)))
            .await
            .len(),
        4,
        "{e}"
    );
    assert_eq!(
        emails(db, filtered(|x| x.email_verified = Some(true)))
            .await
            .len(),
        3,
        "{e}"
    );
    assert_eq!(
        emails(db, filtered(|x| x.has_clients = Some(true))).await,
        ["bob@obrien.ie", "Ann.Lee@Example.com"],
        "{e}"
    );
    assert_eq!(
        emails(db, filtered(|x| x.has_clients = Some(false)))
            .await
            .len(),
        4,
        "{e}"
    );
    let page = list_users(
        db,
        &filtered(|x| {
            x.q = "a".into();
            x.status = Some(UserStatus::Active);
        }),
    )
    .await
    .unwrap();
    assert_eq!(
        page.total,
        Total::Exact(2),
        "{e}: search + filter (Ann, Carl Axb)"
    );

    let by_name = emails(
        db,
        filtered(|x| {
            x.sort = SortKey::Name;
            x.dir = SortDir::Asc;
        }),
    )
    .await;
    assert_eq!(by_name[0], "Ann.Lee@Example.com", "{e}");
    assert_eq!(by_name[1], "anna_nowak@wp.pl", "{e}");
    let by_clients = emails(db, filtered(|x| x.sort = SortKey::Clients)).await;
    assert_eq!(
        &by_clients[..2],
        ["Ann.Lee@Example.com", "bob@obrien.ie"],
        "{e}"
    );

    // The counter follows associations as they go: Ann leaves one of her clients.
    let ann_id = people[0].id;
    let one = client_users::Entity::find()
        .filter(client_users::Column::UserId.eq(ann_id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    client_users::Entity::delete_many()
        .filter(client_users::Column::ClientId.eq(one.client_id))
        .filter(client_users::Column::UserId.eq(ann_id))
        .exec(db)
        .await
        .unwrap();
    let rows = list_users(db, &q("ann.lee")).await.unwrap().rows;
    assert_eq!(rows[0].clients, 1, "{e}");

    // Pages of 1 to 200 are served (the console offers 25/50/100, the API up to 200); any
    // other size falls back to 25. Page 2 of 25 is empty here.
    let page2 = list_users(
        db,
        &filtered(|x| {
            x.page = 2;
            x.per_page = 201;
        }),
    )
    .await
    .unwrap();
    assert_eq!(
        (page2.per_page, page2.rows.len(), page2.total),
        (25, 0, Total::Exact(6)),
        "{e}"
    );
}

engine_tests!(last_sign_in_sorts_never_first_and_filters_never_and_dormant);
async fn last_sign_in_sorts_never_first_and_filters_never_and_dormant(t: TestDb) {
    let db = &t.db;
    let people = seed(db).await;
    let e = t.engine;
    // Ann signed in 100 days ago, Anna 10 days ago, Bob 91 days ago; the others never.
    let now = db.now();
    for (i, days) in [(0, 100), (1, 10), (2, 91)] {
        users::Entity::update_many()
            .col_expr(
                users::Column::LastLoginAt,
                sea_orm::sea_query::Expr::value(now - Duration::days(days)),
            )
            .filter(users::Column::Id.eq(people[i].id))
            .exec(db)
            .await
            .unwrap();
    }
    let by_last_sign_in = |dir: SortDir| UserListQuery {
        sort: SortKey::LastSignIn,
        dir,
        ..Default::default()
    };
    // Ties (never signed in) follow created order, the direction's way.
    let ascending = [
        "zoe%mueller@web.de",
        "axb@x.com",
        "a_b@x.com",
        "Ann.Lee@Example.com",
        "bob@obrien.ie",
        "anna_nowak@wp.pl",
    ];
    assert_eq!(
        emails(db, by_last_sign_in(SortDir::Asc)).await,
        ascending,
        "{e}: never signed in first, then the longest ago"
    );
    let rows = list_users(db, &by_last_sign_in(SortDir::Desc))
        .await
        .unwrap()
        .rows;
    let descending: Vec<&str> = rows.iter().map(|r| r.email.as_str()).collect();
    assert_eq!(
        descending,
        ascending.iter().rev().copied().collect::<Vec<_>>(),
        "{e}: the most recent first, never last"
    );
    assert_eq!(
        rows[0].last_sign_in.map(|at| at.timestamp()),
        Some((now - Duration::days(10)).timestamp()),
        "{e}"
    );
    assert_eq!(rows[5].last_sign_in, None, "{e}");

    let never = ["a_b@x.com", "axb@x.com", "zoe%mueller@web.de"];
    let filtered = |recency: SignInRecency, sort: SortKey| UserListQuery {
        signed_in: Some(recency),
        sort,
        ..Default::default()
    };
    for sort in [SortKey::Created, SortKey::Name, SortKey::LastSignIn] {
        let mut found = emails(db, filtered(SignInRecency::Never, sort)).await;
        found.sort();
        assert_eq!(found, never, "{e}: never signed in, sorted by {sort:?}");
        let mut found = emails(db, filtered(SignInRecency::Dormant, sort)).await;
        found.sort();
        assert_eq!(
            found,
            ["Ann.Lee@Example.com", "bob@obrien.ie"],
            "{e}: no sign-in for 90 days, sorted by {sort:?}"
        );
    }
    let page = list_users(db, &filtered(SignInRecency::Never, SortKey::Created))
        .await
        .unwrap();
    assert_eq!(page.total, Total::Exact(3), "{e}");
}
