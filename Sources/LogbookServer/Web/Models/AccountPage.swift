import LogbookApp
import LogbookDomain

/// What the account page shows beside its forms: a refusal under the form it belongs to, a new enrolment's secret.
struct AccountNotice: Sendable {
    var form: String?
    var message: String?
    var enrolment: TwoFactor.Enrolment?
}

/// "Min konto": who is logged in, the password form and two-step log-in (its state, the enrolment with its QR code and
/// the secret shown once, the confirmation, and turning it off).
struct AccountPage: WebPage {
    static let template = "account"

    /// The enrolment's `otpauth://` URI as a QR code drawn in SVG: the path of its dark modules (`QRCode.svgPath`, only
    /// digits and path letters), the view box with the quiet zone, and the words a screen reader says for it.
    struct QRImage: Sendable {
        let viewBox: String
        let path: String
        let label: String
        /// Its width and height in CSS pixels (4 per module: about 200 px for an enrolment's URI).
        let pixels: String
    }

    let title, heading, who: String
    /// Why this session may only enrol (the person's role requires two-step log-in).
    let required: String?
    let passwordError: String?
    let totpState: String
    let totpUnavailable: String?
    let enrol: Bool
    let secret: String?
    let uri: String?
    let qr: QRImage?
    let confirm: Bool
    let totpError: String?
    /// The form that turns two-step log-in off (shown while it is on), and its refusal.
    let disable: Bool
    let disableError: String?
    let problem: FormProblem?

    /// `totpOn`: nil when never enrolled, false while an enrolment waits for its code, true when on.
    static func make(name: String, handle: String, requiredRoles: [String]?, totpOn: Bool?, totpAvailable: Bool,
                     notice: AccountNotice, t: Texts) -> AccountPage {
        let enrolling = totpAvailable && totpOn != true
        let uri = enrolling ? notice.enrolment?.uri : nil
        let errorHref = ["password": "#password-error", "disable": "#totp-off-error"][notice.form ?? ""] ?? "#totp-error"
        return AccountPage(
            title: t("web.account.title"), heading: t("web.account.title"), who: t("web.account.who", ["name": name, "handle": handle]),
            required: requiredRoles.map { t("web.account.totpRequired", ["roles": $0.joined(separator: ", ")]) },
            passwordError: notice.form == "password" ? notice.message : nil,
            totpState: totpOn == true ? t("web.account.totpOn") : t("web.account.totpOff"),
            totpUnavailable: totpAvailable ? nil : t("web.account.totpUnavailable"),
            enrol: enrolling && notice.enrolment == nil,
            secret: enrolling ? notice.enrolment.map { grouped($0.secret) } : nil,
            uri: uri,
            qr: uri.flatMap { qrImage($0, t: t) },
            confirm: enrolling && (notice.enrolment != nil || totpOn == false),
            totpError: enrolling && (notice.form == "totp" || notice.form == "confirm") ? notice.message : nil,
            disable: totpOn == true,
            disableError: totpOn == true && notice.form == "disable" ? notice.message : nil,
            problem: notice.message.map { FormProblem(message: $0, href: errorHref) })
    }

    /// `uri` as a QR code to scan, nil when libqrencode cannot encode it (the secret is shown as text anyway).
    static func qrImage(_ uri: String, t: Texts) -> QRImage? {
        guard let code = QRCode(uri) else { return nil }
        return QRImage(viewBox: "0 0 \(code.side) \(code.side)", path: code.svgPath, label: t("web.account.qrLabel"),
                       pixels: String(code.side * 4))
    }

    /// The base32 secret in groups of four, as authenticator apps show and accept it.
    static func grouped(_ secret: String) -> String {
        var groups: [String] = [], rest = Substring(secret)
        while !rest.isEmpty { groups.append(String(rest.prefix(4))); rest = rest.dropFirst(4) }
        return groups.joined(separator: " ")
    }
}
