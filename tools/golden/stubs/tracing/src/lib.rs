//! A stand-in for `tracing` (the registry is not reachable here): each event's message text
//! is recorded, with its level, in a thread-local list the harness reads after each case.
//! Field expressions are evaluated (as tracing evaluates them) and their values dropped.

use std::cell::RefCell;

thread_local! {
    static RECORDED: RefCell<Vec<(&'static str, String)>> = RefCell::new(Vec::new());
}

#[doc(hidden)]
pub fn __record(level: &'static str, message: String) {
    RECORDED.with(|r| r.borrow_mut().push((level, message)));
}

/// Every (level, message) recorded since the last call, oldest first.
pub fn take_recorded() -> Vec<(&'static str, String)> {
    RECORDED.with(|r| std::mem::take(&mut *r.borrow_mut()))
}

pub mod field {
    pub fn display<T>(value: T) -> T {
        value
    }
    pub fn debug<T>(value: T) -> T {
        value
    }
}

pub struct Level;
impl Level {
    pub const TRACE: &'static str = "TRACE";
    pub const DEBUG: &'static str = "DEBUG";
    pub const INFO: &'static str = "INFO";
    pub const WARN: &'static str = "WARN";
    pub const ERROR: &'static str = "ERROR";
}

/// Munches `name = %expr, ?name, name, ...` fields up to the message literal and its
/// format arguments (or to the end, for an event with fields only).
#[doc(hidden)]
#[macro_export]
macro_rules! __event {
    ($lvl:expr; target: $t:expr, $($rest:tt)*) => { $crate::__event!($lvl; $($rest)*) };
    ($lvl:expr; parent: $p:expr, $($rest:tt)*) => { $crate::__event!($lvl; $($rest)*) };
    ($lvl:expr; $msg:literal $(, $arg:expr)* $(,)?) => {
        $crate::__record($lvl, format!($msg $(, $arg)*))
    };
    ($lvl:expr; $($name:ident).+ = % $e:expr $(, $($rest:tt)*)?) => {{
        let _ = &$e;
        $crate::__event!($lvl; $($($rest)*)?)
    }};
    ($lvl:expr; $($name:ident).+ = ? $e:expr $(, $($rest:tt)*)?) => {{
        let _ = &$e;
        $crate::__event!($lvl; $($($rest)*)?)
    }};
    ($lvl:expr; $($name:ident).+ = $e:expr $(, $($rest:tt)*)?) => {{
        let _ = &$e;
        $crate::__event!($lvl; $($($rest)*)?)
    }};
    ($lvl:expr; % $($name:ident).+ $(, $($rest:tt)*)?) => {{
        let _ = &$($name).+;
        $crate::__event!($lvl; $($($rest)*)?)
    }};
    ($lvl:expr; ? $($name:ident).+ $(, $($rest:tt)*)?) => {{
        let _ = &$($name).+;
        $crate::__event!($lvl; $($($rest)*)?)
    }};
    ($lvl:expr; $($name:ident).+ $(, $($rest:tt)*)?) => {{
        let _ = &$($name).+;
        $crate::__event!($lvl; $($($rest)*)?)
    }};
    ($lvl:expr; ) => { $crate::__record($lvl, String::new()) };
}

#[macro_export]
macro_rules! trace { ($($t:tt)*) => { $crate::__event!("TRACE"; $($t)*) }; }
#[macro_export]
macro_rules! debug { ($($t:tt)*) => { $crate::__event!("DEBUG"; $($t)*) }; }
#[macro_export]
macro_rules! info { ($($t:tt)*) => { $crate::__event!("INFO"; $($t)*) }; }
#[macro_export]
macro_rules! warn { ($($t:tt)*) => { $crate::__event!("WARN"; $($t)*) }; }
#[macro_export]
macro_rules! error { ($($t:tt)*) => { $crate::__event!("ERROR"; $($t)*) }; }
