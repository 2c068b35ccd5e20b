import HTTPTypes
import Hummingbird
import LogbookApp
import LogbookDomain
import Mustache

/// A web page's model: a plain struct of `let`s (nested structs for rows and forms), built by a pure `make` from use-case
/// results and `Texts`, never from a `Request` or a database. Words are chosen in `make`; templates only place them.
///
/// `template` names the Mustache file; `title` is the page's `<title>` (the layout adds the application's name).
protocol WebPage: Sendable {
    static var template: String { get }
    var title: String { get }
    /// A refusal that concerns no form the page shows, said at its top.
    var pageError: String? { get }
    /// A refused form on the page: the summary at the top of the page links to it (GOV.UK's error summary).
    var problem: FormProblem? { get }
}

extension WebPage {
    var pageError: String? { nil }
    var problem: FormProblem? { nil }
}

/// A refused form's message and where on the page the form says it (`#record-error`): the page opens on a summary
/// with a link to it, so the answer to a post is in view on a phone whatever the form's place on the page.
struct FormProblem: Sendable {
    let message: String
    let href: String
    /// The wrong field itself has `autofocus` (its message beside it), so the summary does not take the focus.
    var focusesField = false
}

/// What the layout reads around every page: language and its switch, who is logged in (and whether they see the
/// region's menu), the form token, the message after a successful post, and a refusal that concerns no form shown.
struct Chrome: Sendable {
    let lang: String
    let title: String
    let switchLanguage: String
    let otherLang: String
    let user: String?
    let regionMenu: Bool
    let csrf: String?
    let flash: String?
    let pageError: String?
    /// The error summary's message and link (a refused form on this page).
    var problem: FormProblem? = nil

    /// The chrome of `request`'s answer: the language link returns to this page (after a POST, whose answer is a
    /// refused form, to the start page, which a GET reaches); `?done=` becomes the flash only for the known words.
    static func of(_ request: Request, language: Language, title: String, user: String?, formKey: String?,
                   pageError: String? = nil, problem: FormProblem? = nil) -> Chrome {
        let t = Texts(language)
        let other: Language = language == .da ? .en : .da
        var back = request.method == .get ? request.uri.path : "/"
        if back.isEmpty { back = "/" }
        let encoded = WebText.percentEncoded(back, keeping: "/-._~")
        let done = request.uri.queryParameters.get("done").flatMap { WebPages.doneMessage(String($0), t) }
        // A page with a refusal on it says so first in its title, as screen readers announce it.
        let title = problem != nil || pageError != nil ? "\(t("web.problem.titlePrefix")): \(title)" : title
        return Chrome(lang: language.rawValue, title: title, switchLanguage: "/language?to=\(other.rawValue)&back=\(encoded)",
                      otherLang: other.rawValue, user: user.map { t("web.nav.loggedInAs", ["name": $0]) },
                      regionMenu: user != nil && WebRegionMenu.shown, csrf: formKey.map { WebForms.token(key: $0) },
                      flash: done, pageError: pageError, problem: problem)
    }
}

extension WebTemplates {
    /// Renders `page` with its template: the page's stored properties at the top of the context, beside `t` (the
    /// catalog, `{{t.web.login.title}}`) and `chrome` (`{{chrome.csrf}}`). `{{x}}` escapes `<`, `>`, `&`, `"` and `'`;
    /// the templates never use the unescaped `{{{x}}}` form, so every name, comment and reason shows as text.
    static func render<Page: WebPage>(_ page: Page, chrome: Chrome, language: Language) -> String {
        var root = MustacheModel.fields(of: page)
        root["t"] = CatalogPath(texts: Texts(language), key: "")
        root["chrome"] = MustacheModel.box(chrome)
        guard let html = library.render(MustacheModel.Object(root), withTemplate: Page.template) else {
            fatalError("no web template \(Page.template)")
        }
        return html
    }
}

/// A typed model as swift-mustache reads it, made once per render.
///
/// swift-mustache reads a struct through `Mirror` on every look-up, and a name that is nil in a row climbs to the
/// page's value of the same name (a row's missing `error` would show the page's). Boxing the model once — each struct
/// a dictionary of its stored properties, each nil a `Null` that is false in a section and empty as text — makes every
/// look-up one hash and a nil stay nil where it is.
enum MustacheModel {
    /// A struct's stored properties, by name.
    final class Object: MustacheParent, @unchecked Sendable {
        let fields: [String: Any]
        init(_ fields: [String: Any]) { self.fields = fields }
        func child(named name: String) -> Any? { fields[name] }
    }

    /// A nil: no section, no text, and no climbing to an outer value of the same name.
    struct Null: MustacheCustomRenderable {
        var renderText: String { "" }
        var isNull: Bool { true }
    }

    static func fields(of value: Any) -> [String: Any] {
        var fields: [String: Any] = [:]
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            fields[label] = box(child.value)
        }
        return fields
    }

    /// `value` as the templates read it: text, numbers, booleans and catalog paths as they are, arrays element by
    /// element, optionals unwrapped (nil → `Null`), any other struct an `Object`.
    static func box(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Int64, is CatalogPath, is Null: return value
        case let array as [String]: return array
        case let array as [Any]: return array.map(box)
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return mirror.children.first.map { box($0.value) } ?? Null()
        case .struct, .class: return Object(fields(of: value))
        case .collection: return mirror.children.map { box($0.value) }
        default: return value
        }
    }
}

extension WebPages {
    /// The reader of a page: their handle, language, form key (the session id) and name.
    struct Reader: Sendable {
        let handle: String
        let language: Language
        let formKey: String?
    }

    func reader(_ request: Request, _ context: ServerRequestContext) throws -> Reader {
        Reader(handle: try context.handle(), language: WebLanguage.of(request), formKey: Self.sessionID(request))
    }

    /// A logged-in page: gathers with `build` in one read of the database as the reader (the use cases scope what they
    /// see), then renders the model with the reader's name in the menu — the preamble every page shares, once.
    func renderPage<Page: WebPage>(_ request: Request, _ context: ServerRequestContext, status: HTTPResponse.Status = .ok,
                                   _ build: @escaping @Sendable (Session) throws -> Page) async throws -> Response {
        let reader = try reader(request, context)
        let html = try await database.run(as: reader.handle, writing: false, language: reader.language) { session in
            let page = try build(session)
            let name = try session.names([reader.handle])[reader.handle] ?? reader.handle
            let chrome = Chrome.of(request, language: reader.language, title: page.title, user: name, formKey: reader.formKey,
                                   pageError: page.pageError, problem: page.problem)
            return WebTemplates.render(page, chrome: chrome, language: reader.language)
        }
        return WebResponse.html(html, status: status)
    }

    /// A page before log-in (log-in, invitation, errors): the chrome without a person.
    static func renderPublic<Page: WebPage>(_ page: Page, _ request: Request, language: Language, user: String? = nil,
                                           formKey: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let chrome = Chrome.of(request, language: language, title: page.title, user: user, formKey: formKey)
        return WebResponse.html(WebTemplates.render(page, chrome: chrome, language: language), status: status)
    }
}

/// A link in a list of links (sub-navigation, filters): `current` marks the page shown (`aria-current="page"`).
struct NavItem: Sendable {
    let href: String
    let text: String
    let current: Bool
    let id: String
}

/// An `<option>` or a radio/checkbox: its value, its words, and whether it is chosen.
struct Choice: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// A checkbox of a group (`name="competency"`), with an id of its own for its label.
struct Check: Sendable {
    let value: String
    let label: String
    let checked: Bool
    let id: String
}
