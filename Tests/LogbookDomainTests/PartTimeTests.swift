import Foundation
import Testing
@testable import LogbookDomain

@Suite("PartTime")
struct PartTimeTests {
    @Test("parse accepts", arguments: [
        ("0.8", 4, 5), ("0,8", 4, 5), ("80%", 4, 5), ("80 %", 4, 5), ("30/37", 30, 37), ("1", 1, 1),
        ("0.75", 3, 4), ("0,75", 3, 4), ("75%", 3, 4), ("0,5", 1, 2), ("50%", 1, 2), (" 1/2 ", 1, 2),
        ("100%", 1, 1), ("1.0", 1, 1), ("37/37", 1, 1), ("18,5/37", 1, 2), ("0.875", 7, 8), ("81,5%", 163, 200),
        ("6/8", 3, 4), (".8", 4, 5), ("1,", 1, 1),
    ])
    func parseGood(text: String, numerator: Int, denominator: Int) throws {
        let value = try PartTime.parse(text)
        #expect(value.numerator == numerator)
        #expect(value.denominator == denominator)
    }

    @Test("parse rejects with a message", arguments: [
        ("0.3", "must be between 0.5 and 1.0 (got 0.3)"),
        ("0,49", "must be between 0.5 and 1.0 (got 0,49)"),
        ("1.2", "must be between 0.5 and 1.0 (got 1.2)"),
        ("30%", "must be between 0.5 and 1.0 (got 30%)"),
        ("38/37", "must be between 0.5 and 1.0 (got 38/37)"),
        ("0", "must be between 0.5 and 1.0 (got 0)"),
        ("abc", "\"abc\" is not a fraction; use 0.8, 80% or 30/37"),
        ("", "\"\" is not a fraction; use 0.8, 80% or 30/37"),
        ("30/0", "\"30/0\" is not a fraction; use 0.8, 80% or 30/37"),
        ("-0.8", "\"-0.8\" is not a fraction; use 0.8, 80% or 30/37"),
        ("0.8.1", "\"0.8.1\" is not a fraction; use 0.8, 80% or 30/37"),
        ("1/2/3", "\"1/2/3\" is not a fraction; use 0.8, 80% or 30/37"),
        ("%", "\"%\" is not a fraction; use 0.8, 80% or 30/37"),
        ("1234567890/2", "\"1234567890/2\" is not a fraction; use 0.8, 80% or 30/37"),
    ])
    func parseBad(text: String, message: String) {
        do {
            let value = try PartTime.parse(text)
            Issue.record("parsed \(text) as \(value)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("description", arguments: [
        (1, 1, "100 %"), (3, 4, "3/4 (75 %)"), (30, 37, "30/37 (81 %)"), (2, 3, "2/3 (67 %)"), (1, 2, "1/2 (50 %)"),
        (4, 5, "4/5 (80 %)"), (32, 37, "32/37 (86 %)"),
    ])
    func description(numerator: Int, denominator: Int, text: String) {
        #expect(PartTime(numerator: numerator, denominator: denominator)?.description == text)
    }

    @Test("validated init", arguments: [
        (1, 2, "1/2"), (49, 100, nil), (0, 1, nil), (5, 4, nil), (2, 0, nil), (-1, -2, nil), (74, 74, "1/1"),
        (30, 37, "30/37"), (60, 74, "30/37"),
    ] as [(Int, Int, String?)])
    func validatedInit(numerator: Int, denominator: Int, storage: String?) {
        #expect(PartTime(numerator: numerator, denominator: denominator)?.storageText == storage)
    }

    @Test("storage text", arguments: [
        ("3/4", "3/4"), ("6/8", "3/4"), ("1/1", "1/1"), ("30/37", "30/37"), ("3/4 ", nil), ("x", nil), ("1/3", nil),
        ("-1/-2", nil), ("0.75", nil), ("3/", nil),
    ] as [(String, String?)])
    func storageText(text: String, expected: String?) {
        #expect(PartTime(storageText: text)?.storageText == expected)
    }

    @Test("full, fraction, ordering, Codable")
    func basics() throws {
        #expect(PartTime.full.storageText == "1/1")
        #expect(PartTime(numerator: 3, denominator: 4)!.fraction == 0.75)
        #expect(PartTime(numerator: 4, denominator: 5)! < PartTime(numerator: 30, denominator: 37)!)
        #expect(PartTime(numerator: 4, denominator: 5)! < PartTime.full)
        let data = try JSONEncoder().encode([PartTime(numerator: 3, denominator: 4)!])
        #expect(String(decoding: data, as: UTF8.self) == "[\"3\\/4\"]" || String(decoding: data, as: UTF8.self) == "[\"3/4\"]")
        #expect(try JSONDecoder().decode([PartTime].self, from: Data("[\"30/37\"]".utf8)) == [PartTime(numerator: 30, denominator: 37)!])
    }
}
