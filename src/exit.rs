//! Documented process exit codes. The same table is rendered into `--help` and the man pages, so
//! scripts can rely on it. Remote Dubbo status bytes are reported in the message and in JSON, not
//! packed into the exit code.

pub const OK: i32 = 0;
/// An unexpected failure: a bug or an I/O error svcctl has no better name for.
pub const FAILURE: i32 = 1;
/// Bad command line, or a mutation without `--yes` when stdin is not a terminal.
pub const USAGE: i32 = 2;
/// The service, method, provider or context asked for does not exist (or a short name is ambiguous).
pub const NOT_FOUND: i32 = 3;
/// The provider answered with an exception or a non-OK Dubbo status.
pub const REMOTE: i32 = 4;
/// A call or connection timed out.
pub const TIMEOUT: i32 = 5;
/// No provider could be used: connection refused or reset, or its reply was not valid Dubbo
/// (garbage, truncated, oversize, undecodable).
pub const UNREACHABLE: i32 = 6;
/// The registry (ZooKeeper) could not be reached or the session was lost.
pub const REGISTRY: i32 = 7;
/// A registry mutation lost a race with a concurrent change (version check failed); nothing was written.
pub const CONFLICT: i32 = 8;
/// A mutation was refused: read-only context, a safety rail such as disabling the last provider,
/// or a ZooKeeper ACL that does not allow the change (nothing was written).
pub const REFUSED: i32 = 9;
/// The user answered no at a confirmation prompt.
pub const ABORTED: i32 = 10;
/// Interrupted by Ctrl-C.
pub const INTERRUPTED: i32 = 130;

/// (code, meaning) pairs, in the order they are documented.
pub const TABLE: &[(i32, &str)] = &[
    (
        OK,
        "success (also: an idempotent change that found nothing to do)",
    ),
    (FAILURE, "unexpected failure"),
    (
        USAGE,
        "usage error, or a mutation without --yes when not interactive",
    ),
    (
        NOT_FOUND,
        "service, method, provider or context not found, or a short name is ambiguous",
    ),
    (
        REMOTE,
        "the provider returned an exception or a non-OK Dubbo status",
    ),
    (TIMEOUT, "a call or connection timed out"),
    (
        UNREACHABLE,
        "no provider usable (refused, reset, or a reply that is not valid Dubbo)",
    ),
    (
        REGISTRY,
        "registry (ZooKeeper) unreachable, or session lost",
    ),
    (
        CONFLICT,
        "registry changed concurrently; nothing was written, retry",
    ),
    (
        REFUSED,
        "mutation refused (read-only context, a safety rail (see --force), or the node's ACL); nothing was written",
    ),
    (ABORTED, "aborted at the confirmation prompt"),
    (INTERRUPTED, "interrupted"),
];

/// The exit-code table as plain text, for `--help` and the man pages.
pub fn table_text() -> String {
    TABLE
        .iter()
        .map(|(c, m)| format!("  {c:>3}  {m}\n"))
        .collect()
}
