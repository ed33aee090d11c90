//! The Dubbo binary protocol: framing, request bodies and response bodies. Pure: no I/O (the
//! connection lives in [`crate::protocol::conn`]).

pub mod frame;
pub mod request;
pub mod response;

pub use frame::{Event, Frame, FrameError, FrameSplitter, Header, Status};
pub use request::{DecodedRequest, Invocation, ServiceRef};
pub use response::{ExceptionForm, Outcome, RemoteException, Response, RpcResult, StackFrame};
