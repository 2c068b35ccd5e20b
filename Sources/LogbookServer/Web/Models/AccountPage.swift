import LogbookApp
import LogbookDomain

/// What the account page shows beside its forms: a refusal under the form it belongs to, a new enrolment's secret.
struct AccountNotice: Sendable {
    var form: String?
    var message: String?
    var enrolment: TwoFactor.Enrolment?
}

/// "Min konto": who is logged in, the password form and two-step log-in (its state, the enrolment with the secret shown
/// once, the confirmation).
struct AccountPage: WebPage {
    static let template = "account"

    let title, heading, who: String
    /// Why this session may only enrol (the person's role requires two-step log-in).
    let required: String?
    let passwordError: String?
    let totpState: String
    let totpUnavailable: String?
    let enrol: Bool
    let secret: String?
    let uri: String?
    let confirm: Bool
    let totpError: String?
    let problem: FormProblem?

    /// `totpOn`: nil when never enrolled, false while an enrolment waits for its code, true when on.
    static func make(name: String, handle: String, requiredRoles: [String]?, totpOn: Bool?, totpAvailable: Bool,
                     notice: AccountNotice, t: Texts) -> AccountPage {
        let enrolling = totpAvailable && totpOn != true
        return AccountPage(
            title: t("web.account.title"), heading: t("web.account.title"), who: t("web.account.who", ["name": name, "handle": handle]),
            required: requiredRoles.map { t("web.account.totpRequired", ["roles": $0.joined(separator: ", ")]) },
            passwordError: notice.form == "password" ? notice.message : nil,
            totpState: totpOn == true ? t("web.account.totpOn") : t("web.account.totpOff"),
            totpUnavailable: totpAvailable ? nil : t("web.account.totpUnavailable"),
            enrol: enrolling && notice.enrolment == nil,
            secret: enrolling ? notice.enrolment.map { grouped($0.secret) } : nil,
            uri: enrolling ? notice.enrolment?.uri : nil,
            confirm: enrolling && (notice.enrolment != nil || totpOn == false),
            totpError: enrolling && (notice.form == "totp" || notice.form == "confirm") ? notice.message : nil,
            problem: notice.message.map { FormProblem(message: $0, href: notice.form == "password" ? "#password-error" : "#totp-error") })
    }

    /// The base32 secret in groups of four, as authenticator apps show and accept it.
    static func grouped(_ secret: String) -> String {
        var groups: [String] = [], rest = Substring(secret)
        while !rest.isEmpty { groups.append(String(rest.prefix(4))); rest = rest.dropFirst(4) }
        return groups.joined(separator: " ")
    }
}
