// `load_locales!` reads `locales/*.json` at compile time; a proc macro cannot ask Cargo to
// watch files, so this build script does.
fn main() {
    println!("cargo::rerun-if-changed=locales");
}
