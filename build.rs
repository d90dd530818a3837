//! Builds the search module of the page /sok/ and hands it to the `iop`
//! binary, which embeds it:
//!
//! ```ignore
//! const SEARCH_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/iop_search.wasm"));
//! ```
//!
//! The module is the crate `crates/iop-search-wasm` compiled for
//! `wasm32-unknown-unknown` with the size-optimised profile `wasm-release`,
//! by a nested cargo with its own target directory (`target/wasm`, so it
//! never waits for the lock of the build that runs this script). When the
//! target is missing this script installs it with rustup.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const WASM_PROFILE: &str = "wasm-release";
const WASM_CRATE: &str = "crates/iop-search-wasm";
/// File name cargo gives the module.
const WASM_ARTIFACT: &str = "iop_search_wasm.wasm";
/// File name in OUT_DIR.
const WASM_OUT: &str = "iop_search.wasm";

fn main() {
    for path in [
        "build.rs",
        "Cargo.toml",
        "Cargo.lock",
        "crates/iop-search/Cargo.toml",
        "crates/iop-search/src",
        "crates/iop-search-wasm/Cargo.toml",
        "crates/iop-search-wasm/src",
    ] {
        println!("cargo::rerun-if-changed={path}");
    }
    println!("cargo::rerun-if-env-changed=CARGO_TARGET_DIR");
    if let Err(msg) = build() {
        // One line per `cargo::error` directive.
        for line in msg.lines() {
            println!("cargo::error={line}");
        }
    }
}

fn build() -> Result<(), String> {
    let root = PathBuf::from(var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(var("OUT_DIR")?);
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());

    ensure_target(&rustc)?;

    let target_dir = match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir).join("wasm"),
        None => root.join("target").join("wasm"),
    };
    let mut cmd = Command::new(&cargo);
    cmd.current_dir(root.join(WASM_CRATE))
        .arg("build")
        .arg("--manifest-path")
        .arg(root.join(WASM_CRATE).join("Cargo.toml"))
        .args(["--target", WASM_TARGET, "--profile", WASM_PROFILE])
        .arg("--target-dir")
        .arg(&target_dir);
    if let Ok(jobs) = env::var("NUM_JOBS") {
        cmd.args(["--jobs", &jobs]);
    }
    clean_env(&mut cmd);
    cmd.env("RUSTC", &rustc);

    let output = run(
        &mut cmd,
        "building the search module (iop-search-wasm) for /sok/",
    )?;
    if !output.status.success() {
        return Err(format!(
            "building the search module (iop-search-wasm for {WASM_TARGET}) failed:\n{}\n\
             (run: cargo build -p iop-search-wasm --target {WASM_TARGET} --profile {WASM_PROFILE} \
             from {WASM_CRATE} to see the same error)",
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }

    let built = target_dir
        .join(WASM_TARGET)
        .join(WASM_PROFILE)
        .join(WASM_ARTIFACT);
    let dest = out_dir.join(WASM_OUT);
    fs::copy(&built, &dest).map_err(|e| {
        format!(
            "copying the search module {} to {}: {e}",
            built.display(),
            dest.display()
        )
    })?;
    Ok(())
}

/// Makes sure the standard library for wasm32-unknown-unknown is installed
/// for the toolchain in use, installing it with rustup if needed.
fn ensure_target(rustc: &OsString) -> Result<(), String> {
    let sysroot = run(
        Command::new(rustc).args(["--print", "sysroot"]),
        "asking rustc for its sysroot",
    )?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    let lib = sysroot.join("lib/rustlib").join(WASM_TARGET).join("lib");
    if has_std(&lib) {
        return Ok(());
    }
    println!(
        "cargo::warning=installing the Rust target {WASM_TARGET} (needed for the search page)"
    );
    // rustup picks the toolchain of this build from RUSTUP_TOOLCHAIN.
    let mut cmd = Command::new("rustup");
    cmd.args(["target", "add", WASM_TARGET]);
    let output = run(&mut cmd, "").map_err(|_| {
        format!(
            "the Rust target {WASM_TARGET} is not installed (no {}) and rustup, which would \
             install it, could not be run: install the target for this toolchain",
            lib.display()
        )
    })?;
    if !output.status.success() || !has_std(&lib) {
        return Err(format!(
            "`rustup target add {WASM_TARGET}` failed:\n{}",
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }
    Ok(())
}

fn has_std(lib: &Path) -> bool {
    fs::read_dir(lib).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("libstd-"))
    })
}

/// Removes what this script inherits from the outer cargo that would
/// change or break the nested build: flags meant for the host, the outer
/// target directory and target, its jobserver, clippy's wrapper.
fn clean_env(cmd: &mut Command) {
    for (key, _) in env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        let keep = key == "CARGO_HOME"
            || key.starts_with("CARGO_NET_")
            || key.starts_with("CARGO_HTTP_")
            || key.starts_with("CARGO_REGISTRIES_")
            || key.starts_with("CARGO_REGISTRY_")
            || key.starts_with("CARGO_TERM_");
        let drop = (key.starts_with("CARGO_") && !keep)
            || matches!(
                key,
                "RUSTFLAGS"
                    | "RUSTDOCFLAGS"
                    | "RUSTC_WRAPPER"
                    | "RUSTC_WORKSPACE_WRAPPER"
                    | "RUSTC_LINKER"
                    | "MAKEFLAGS"
                    | "MFLAGS"
                    | "TARGET"
                    | "HOST"
                    | "OUT_DIR"
                    | "PROFILE"
                    | "OPT_LEVEL"
                    | "DEBUG"
                    | "NUM_JOBS"
                    | "__CARGO_FIX_PLZ"
            );
        if drop {
            cmd.env_remove(key);
        }
    }
}

fn run(cmd: &mut Command, what: &str) -> Result<Output, String> {
    cmd.output()
        .map_err(|e| format!("{what}: could not run {:?}: {e}", cmd.get_program()))
}

fn var(name: &str) -> Result<String, String> {
    env::var(name).map_err(|_| format!("cargo did not set {name}"))
}
