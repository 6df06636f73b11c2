//! `server token ...` as an operator or a script runs it, on SQLite and PostgreSQL: `create`
//! prints the token alone on standard output (and nothing else there, logs included), the
//! token works, `list` shows it without the secret, `revoke` ends it.
mod support;

use app::engine_tests;
use app::testing::TestDb;
use std::process::{Command, Output};

fn server(t: &TestDb, data_dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("ROSTER_DATABASE_URL", &t.url)
        .env("ROSTER_DATA_DIR", data_dir)
        .env("ROSTER_SECRET_KEY", "11".repeat(32))
        // Logs at their most talkative: none of them may reach standard output.
        .env("RUST_LOG", "debug")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server binary");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

engine_tests!(a_script_gets_the_token_alone_and_can_revoke_it);
async fn a_script_gets_the_token_alone_and_can_revoke_it(t: TestDb) {
    let dir = support::tempdir();
    let run = |args: &[&str]| server(&t, &dir, args, "a long enough password\n");
    let staff = [
        "staff",
        "create",
        "--email",
        "sue@roster.test",
        "--name",
        "Sue",
    ];
    let support = [&staff[..], &["--role", "Support", "--password-stdin"]].concat();
    assert!(run(&support).status.success());

    let create = |scopes: &str| {
        run(&[
            "token",
            "create",
            "--staff",
            "sue@roster.test",
            "--name",
            "nightly export",
            "--scopes",
            scopes,
            "--expires-days",
            "30",
        ])
    };
    let refused = create("users:read,users:write");
    assert!(!refused.status.success(), "{}", t.engine);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("users:write"));
    assert!(refused.stdout.is_empty());

    let made = create("all");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let stdout = String::from_utf8(made.stdout).unwrap();
    let token = stdout.trim_end_matches('\n');
    assert!(
        token.starts_with("rst_") && !token.contains(char::is_whitespace),
        "standard output is the token alone: {stdout:?}"
    );
    let stderr = String::from_utf8_lossy(&made.stderr);
    assert!(
        !stderr.contains(&token[10..]),
        "the token is in a log line: {stderr}"
    );

    let db = &t.db;
    let caller = app::service::api_tokens::authenticate(db, token, None)
        .await
        .unwrap();
    // Support may only read: `all` is what the role allows, not every scope.
    let keys: Vec<&str> = caller.scopes.iter().map(|s| s.into()).collect();
    assert_eq!(
        keys,
        ["users:read", "clients:read", "mail:read"],
        "{}",
        t.engine
    );

    let list = run(&["token", "list"]);
    let listed = String::from_utf8_lossy(&list.stdout).to_string();
    let row = listed
        .lines()
        .find(|l| l.contains("nightly export"))
        .expect(&listed);
    assert!(
        row.contains("sue@roster.test") && row.contains(&token[..10]),
        "{row}"
    );
    assert!(
        !listed.contains(&token[10..]),
        "the list shows only the prefix"
    );
    let id = row.split('\t').next().unwrap();

    assert!(run(&["token", "revoke", "--id", id]).status.success());
    let gone = app::service::api_tokens::authenticate(db, token, None).await;
    assert!(gone.is_err(), "revoked, effective at once");
    let missing = run(&[
        "token",
        "revoke",
        "--id",
        "00000000-0000-0000-0000-000000000000",
    ]);
    assert!(!missing.status.success());
}
