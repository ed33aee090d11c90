//! The one error type the commands return. Each variant knows its exit code and, where there is
//! something useful to try, a hint printed after the message.

use crate::exit;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    NotFound {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    Registry {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    Remote {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    Timeout {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    Unreachable {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    Conflict {
        message: String,
        hint: Option<String>,
    },
    #[error("{message}")]
    Refused {
        message: String,
        hint: Option<String>,
    },
    #[error("aborted: nothing was changed")]
    Aborted,
    /// Ctrl-C ended the command (after it printed what it had, e.g. a load report).
    #[error("interrupted")]
    Interrupted,
    /// stdout was closed by the reader (`svcctl ls | head`): not a failure.
    #[error("broken pipe")]
    BrokenPipe,
    #[error("{message}")]
    Other {
        message: String,
        hint: Option<String>,
    },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

macro_rules! ctor {
    ($name:ident, $variant:ident) => {
        pub fn $name(message: impl Into<String>) -> Self {
            Error::$variant {
                message: message.into(),
                hint: None,
            }
        }
    };
}

impl Error {
    ctor!(usage, Usage);
    ctor!(not_found, NotFound);
    ctor!(registry, Registry);
    ctor!(remote, Remote);
    ctor!(timeout, Timeout);
    ctor!(unreachable, Unreachable);
    ctor!(conflict, Conflict);
    ctor!(refused, Refused);
    ctor!(other, Other);

    /// Attaches (or replaces) the "what to try" line.
    pub fn with_hint(mut self, h: impl Into<String>) -> Self {
        if let Some(slot) = self.hint_slot() {
            *slot = Some(h.into());
        }
        self
    }

    fn hint_slot(&mut self) -> Option<&mut Option<String>> {
        match self {
            Error::Usage { hint, .. }
            | Error::NotFound { hint, .. }
            | Error::Registry { hint, .. }
            | Error::Remote { hint, .. }
            | Error::Timeout { hint, .. }
            | Error::Unreachable { hint, .. }
            | Error::Conflict { hint, .. }
            | Error::Refused { hint, .. }
            | Error::Other { hint, .. } => Some(hint),
            Error::Aborted | Error::Interrupted | Error::BrokenPipe => None,
        }
    }

    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Usage { hint, .. }
            | Error::NotFound { hint, .. }
            | Error::Registry { hint, .. }
            | Error::Remote { hint, .. }
            | Error::Timeout { hint, .. }
            | Error::Unreachable { hint, .. }
            | Error::Conflict { hint, .. }
            | Error::Refused { hint, .. }
            | Error::Other { hint, .. } => hint.as_deref(),
            Error::Aborted | Error::Interrupted | Error::BrokenPipe => None,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } => exit::USAGE,
            Error::NotFound { .. } => exit::NOT_FOUND,
            Error::Registry { .. } => exit::REGISTRY,
            Error::Remote { .. } => exit::REMOTE,
            Error::Timeout { .. } => exit::TIMEOUT,
            Error::Unreachable { .. } => exit::UNREACHABLE,
            Error::Conflict { .. } => exit::CONFLICT,
            Error::Refused { .. } => exit::REFUSED,
            Error::Aborted => exit::ABORTED,
            Error::Interrupted => exit::INTERRUPTED,
            Error::BrokenPipe => exit::OK,
            Error::Other { .. } => exit::FAILURE,
        }
    }

    /// A stable snake_case name of the error class, used in JSON output.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Usage { .. } => "usage",
            Error::NotFound { .. } => "not_found",
            Error::Registry { .. } => "registry",
            Error::Remote { .. } => "remote",
            Error::Timeout { .. } => "timeout",
            Error::Unreachable { .. } => "unreachable",
            Error::Conflict { .. } => "conflict",
            Error::Refused { .. } => "refused",
            Error::Aborted => "aborted",
            Error::Interrupted => "interrupted",
            Error::BrokenPipe => "broken_pipe",
            Error::Other { .. } => "failure",
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::other(format!("I/O error: {e}"))
    }
}
