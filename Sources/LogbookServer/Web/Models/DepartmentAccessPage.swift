import LogbookApp
import LogbookDomain

/// A new invitation to show once: who, the one-time link, and when it expires.
struct ShownInvitation: Sendable {
    let name: String
    let handle: String
    let link: String
    let expires: Int64
}

/// "Afdelingen" → "Adgang": the department's grants (each with a form to end it), the forms to grant, delegate and
/// invite, a new invitation's link shown once, and the signing keys of the department's people (read-only).
struct DepartmentAccessPage: WebPage {
    static let template = "department-access"

    struct GrantRow: Sendable {
        let id, who, role, from, until, status, statusClass, by: String
        let end: String?
        let endOn, endLabel: String
        let error: String?
    }
    struct GrantForm: Sendable {
        let action, handle: String
        let roles: [Choice]
        let from, until: String
        let mayApprove: Bool
        let error: String?
    }
    struct DelegationForm: Sendable {
        let action, handle: String
        let give, withdraw: Bool
        let from: String
        let error: String?
    }
    struct InviteForm: Sendable {
        let action, handle: String
        let error: String?
    }
    struct Invitation: Sendable { let heading, link, expires: String }
    struct KeyRow: Sendable { let who, fingerprint, state, registered: String }

    /// What the page is made from: the department, its grants, the department's people's keys and everyone's names.
    struct Facts: Sendable {
        let departmentCode: String
        let departmentName: String
        let grants: [GrantRecord]
        let keys: [RegisteredKey]
        let names: [String: String]
        let today: CalendarDate
        /// The people the reader may see, to pick by name in the user-name fields.
        var people: [PersonChoice] = []
    }

    let title, heading: String
    let nav: [NavItem]
    let grants: [GrantRow]
    let grantForm: GrantForm
    let delegationForm: DelegationForm
    let inviteForm: InviteForm
    let invitation: Invitation?
    /// The invitation form's "send by mail" checkbox, when the server sends mail.
    let mailInvite: MailInvite?
    let keys: [KeyRow]
    /// The people offered in the user-name fields (`<datalist id="access-people">`), by name.
    let people: [Choice]
    let problem: FormProblem?

    static func make(_ facts: Facts, refused: DepartmentRefusal?, invitation: ShownInvitation?, mailInvite: MailInvite?,
                     t: Texts) -> DepartmentAccessPage {
        let title = t("web.dept.access.title", ["name": facts.departmentName, "code": facts.departmentCode])
        let base = "/departments/\(WebPages.queryValue(facts.departmentCode))"
        let (names, today) = (facts.names, facts.today)
        let kept = refused?.values ?? WebForm()
        func error(_ form: String) -> String? { refused?.form == form ? refused?.message : nil }
        func value(_ form: String, _ name: String, _ fallback: String = "") -> String {
            refused?.form == form ? (kept[name] ?? fallback) : fallback
        }
        func person(_ handle: String) -> String { t("web.dept.person", ["name": names[handle] ?? handle, "handle": handle]) }
        let grants = facts.grants.sorted { ($0.grant.validFrom, $0.id) > ($1.grant.validFrom, $1.id) }.map { record -> GrantRow in
            let grant = record.grant
            let status = Grants.status(grant, on: today)
            var role = t.roleName(grant.role)
            if grant.mayApprove { role = t("web.dept.grant.withDelegation", ["role": role]) }
            let ending = refused?.form == "end" && refused?.position == record.id
            return GrantRow(
                id: String(record.id), who: person(record.handle), role: role, from: t.date(grant.validFrom),
                until: grant.validUntil.map(t.date) ?? t("web.dept.grant.open"), status: t("web.dept.grant.status.\(status.rawValue)"),
                statusClass: "grant-\(status.rawValue)", by: record.grantedBy.map { names[$0] ?? $0 } ?? "–",
                end: status == .ended ? nil : "\(base)/grants/\(record.id)/end", endOn: ending ? (kept["on"] ?? "") : "",
                endLabel: t("web.dept.grant.endOn", ["id": String(record.id)]), error: ending ? refused?.message : nil)
        }
        let roles: [GrantRole] = [.supervisor, .clinicalSupervisor]
        let keys = facts.keys.map { registered -> KeyRow in
            var state = t("web.dept.key.valid", ["from": t.date(registered.payload.validFrom),
                                                 "until": registered.payload.validUntil.map(t.date) ?? t("web.dept.grant.open")])
            if let revocation = registered.revocation {
                state = t("web.dept.key.revoked", ["date": t.date(revocation.on), "reason": revocation.reason])
            }
            return KeyRow(who: person(registered.holder), fingerprint: registered.key.fingerprint, state: state,
                          registered: t("web.dept.key.registered", ["by": names[registered.registrar] ?? registered.registrar,
                                                                    "date": t.date(registered.registeredOn)]))
        }
        return DepartmentAccessPage(
            title: title, heading: title, nav: DepartmentNav.items(facts.departmentCode, current: "access", t), grants: grants,
            grantForm: GrantForm(
                action: "\(base)/grants", handle: value("grant", "handle"),
                roles: roles.map { Choice(value: $0.rawValue, label: t.roleName($0), selected: value("grant", "role") == $0.rawValue) },
                from: value("grant", "from", today.iso), until: value("grant", "until"), mayApprove: value("grant", "may_approve") == "on",
                error: error("grant")),
            delegationForm: DelegationForm(
                action: "\(base)/delegations", handle: value("delegate", "handle"), give: value("delegate", "approve", "yes") != "no",
                // Tomorrow: a change from today would end today's grant yesterday, and anything the clinical supervisor has
                // already approved today would then stand without the grant it was made on (Grants.end refuses that).
                withdraw: value("delegate", "approve") == "no", from: value("delegate", "from", today.adding(days: 1).iso),
                error: error("delegate")),
            inviteForm: InviteForm(action: "\(base)/invitations", handle: value("invite", "handle"), error: error("invite")),
            invitation: invitation.map {
                Invitation(heading: t("web.dept.invite.made", ["name": $0.name, "handle": $0.handle]), link: $0.link,
                           expires: t("web.dept.invite.expires", ["moment": Accounts.moment($0.expires, t)]))
            },
            mailInvite: mailInvite,
            keys: keys,
            people: facts.people.map { Choice(value: $0.handle, label: $0.name, selected: false) },
            problem: refused.map { refused in
                FormProblem(message: refused.message,
                            href: refused.form == "end" ? "#grant-\(refused.position ?? 0)-error" : "#\(refused.form)-error")
            })
    }
}
