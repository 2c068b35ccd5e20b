import LogbookApp
import LogbookDomain

/// The one confirmation step of an act that cannot be undone (attesting the element, giving the forhåndsudtalelse,
/// revoking an act): what will happen, to whom, what the programme still expects (a warning, not a refusal: the use
/// case decides), and a button that posts the same form again with `confirm=yes`. No script: a plain page and a form.
struct ConfirmPage: WebPage {
    static let template = "confirm"

    struct Hidden: Sendable { let name, value: String }

    let title: String
    let heading: String
    let what: String
    let consequence: String
    let warnings: [String]
    let action: String
    let fields: [Hidden]
    let button: String
    let back: String

    /// The acts that ask first, by their form's name.
    static let irreversible: Set<String> = ["element", "statement", "revoke"]

    /// Whether a posted form still needs its confirmation.
    static func needed(_ form: String, _ values: WebForm) -> Bool { irreversible.contains(form) && values["confirm"] != "yes" }

    /// The confirmation of `form` posted to `action` for the position of `header`/`status`; `act` names the act revoked.
    static func make(form: String, action: String, values: WebForm, header: StatusHeader, status: PositionStatus, act: String?,
                     back: String, t: Texts) -> ConfirmPage {
        let name = header.traineeName
        var warnings: [String] = []
        if form == "element" || form == "statement" {
            for meeting in status.meetings where meeting.heldOn == nil && meeting.kind == .final {
                warnings.append(t("web.confirm.warn.final"))
            }
            let open = status.competencies.filter { !$0.isApproved }.count
            if open > 0 { warnings.append(t.plural("web.confirm.warn.open", count: open)) }
            if status.timeAttestation == nil && form == "element" { warnings.append(t("web.confirm.warn.time")) }
        }
        let heading = t("web.confirm.\(form).heading", ["name": name])
        var fields = values.fields.filter { $0.0 != "_csrf" && $0.0 != "confirm" }.map { Hidden(name: $0.0, value: $0.1) }
        fields.append(Hidden(name: "confirm", value: "yes"))
        return ConfirmPage(
            title: heading, heading: heading,
            what: t("web.confirm.\(form).what", ["name": name, "act": act ?? "", "reason": values["reason"] ?? "",
                                                  "department": header.departmentName]),
            consequence: t("web.confirm.\(form).consequence"), warnings: warnings, action: action, fields: fields,
            button: t("web.confirm.\(form).button"), back: back)
    }
}
