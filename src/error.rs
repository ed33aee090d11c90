//! The one error type the commands return: what went wrong (a kind, which decides the exit code),
//! a message naming it, and optionally a hint with what to try.

use std::fmt;

use crate::exit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Usage,
    NotFound,
    Registry,
    Remote,
    Timeout,
    Unreachable,
    Conflict,
    Refused,
    /// The user answered no at a prompt.
    Aborted,
    /// stdout was closed by the reader (`svcctl ls | head`): not a failure.
    BrokenPipe,
    Other,
}

impl ErrorKind {
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Usage => exit::USAGE,
            ErrorKind::NotFound => exit::NOT_FOUND,
            ErrorKind::Registry => exit::REGISTRY,
            ErrorKind::Remote => exit::REMOTE,
            ErrorKind::Timeout => exit::TIMEOUT,
            ErrorKind::Unreachable => exit::UNREACHABLE,
            ErrorKind::Conflict => exit::CONFLICT,
            ErrorKind::Refused => exit::REFUSED,
            ErrorKind::Aborted => exit::ABORTED,
            ErrorKind::BrokenPipe => exit::OK,
            ErrorKind::Other => exit::FAILURE,
        }
    }

    /// A stable snake_case name, used in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Registry => "registry",
            ErrorKind::Remote => "remote",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Unreachable => "unreachable",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Refused => "refused",
            ErrorKind::Aborted => "aborted",
            ErrorKind::BrokenPipe => "broken_pipe",
            ErrorKind::Other => "failure",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

macro_rules! ctor {
    ($name:ident, $kind:ident) => {
        pub fn $name(message: impl Into<String>) -> Self {
            Error::new(ErrorKind::$kind, message)
        }
    };
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    ctor!(usage, Usage);
    ctor!(not_found, NotFound);
    ctor!(registry, Registry);
    ctor!(remote, Remote);
    ctor!(timeout, Timeout);
    ctor!(unreachable, Unreachable);
    ctor!(conflict, Conflict);
    ctor!(refused, Refused);
    ctor!(other, Other);

    pub fn aborted() -> Self {
        Error::new(ErrorKind::Aborted, "aborted: nothing was changed")
    }

    pub fn broken_pipe() -> Self {
        Error::new(ErrorKind::BrokenPipe, "broken pipe")
    }

    /// Attaches (or replaces) the "what to try" line.
    pub fn with_hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }

    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn exit_code(&self) -> i32 {
        self.kind.exit_code()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::other(format!("I/O error: {e}"))
    }
}
