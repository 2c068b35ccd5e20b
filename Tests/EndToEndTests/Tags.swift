import Testing

extension Tag {
    /// Suites that take tens of seconds or more: many processes on one database (ConcurrencyTests) and SIGKILL inside
    /// large transactions (CrashTests).
    ///
    /// Leave them out of a quick run with (Swift 6.3.1, checked by experiment):
    ///
    ///     swift test --skip 'EndToEndTests\.(ConcurrencyTests|CrashTests)'
    ///
    /// `--filter`/`--skip` take regular expressions over test ids (module.Type/function), so they match the suites by
    /// type name, not by tag. The `tag:` prefix (`swift test --skip tag:slow`, swift-testing#1531, ST-0025) is NOT in the
    /// 6.3.1 toolchain: `--filter tag:slow` runs 0 tests and `--skip tag:slow` skips nothing. Once it ships, that is
    /// the command, and the tag below already marks the suites; keep the type names in the regex above in step with it.
    @Tag static var slow: Self
}
