import LogbookDomain
import SQLite

/// The register of signing keys (nøgleregister): the key chain of the event log, read as registered keys.
///
/// Key registrations and the revocations of keys are events without a position; they form one hash chain of
/// their own, so the register is as tamper-evident as the approvals it vouches for. No other table holds keys.
public struct KeyRepository {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// The key chain's events in order.
    public func chain() throws -> [EventRecord] {
        try EventRepository(store).chain(positionID: nil)
    }

    /// Every registered key with its revocation: the key chain's registrations and revocations only, through
    /// `event_position_idx`. The chain's grant events (one per grant: a thousand at national scale) are not read, so
    /// signing one approval does not walk every grant in the country (`verify` checks the whole chain).
    public func book() throws -> KeyBook {
        KeyBook.read(chain: try EventRepository(store).keyRegister().map(\.content)).book
    }

    /// Whether any key was ever registered (after the first, no one may register their own key).
    public func hasAnyKey() throws -> Bool {
        try store.connection.single(
            "SELECT EXISTS (SELECT 1 FROM event WHERE kind = 'key-registration') AS any_key", table: "event"
        ) { try $0.bool("any_key") }
    }
}
