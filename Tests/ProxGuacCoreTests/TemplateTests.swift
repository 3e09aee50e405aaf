import Testing
@testable import ProxGuacCore

struct TemplateTests {
    static let variables = TemplateVariables(
        vmname: "web", user: "admin", proto: .rdp, port: 3390, vmid: 101, node: "pve1",
        ip: "192.0.2.10", hostname: "web.lab.example", tags: ["prod", "win"], pool: "lab"
    )

    @Test(arguments: [
        ("{vmname}", "web"), ("{user}", "admin"), ("{username}", "admin"), ("{proto}", "rdp"), ("{protocol}", "rdp"),
        ("{port}", "3390"), ("{vmid}", "101"), ("{vm_id}", "101"), ("{node}", "pve1"), ("{vmnode}", "pve1"),
        ("{vm_node}", "pve1"), ("{ip}", "192.0.2.10"), ("{vmip}", "192.0.2.10"), ("{vm_ip}", "192.0.2.10"),
        ("{hostname}", "web.lab.example"), ("{host}", "web.lab.example"), ("{tags}", "prod,win"), ("{pool}", "lab"),
    ])
    func rendersEachVariableAndAlias(template: String, expected: String) throws {
        #expect(try NameTemplate(template).render(Self.variables) == expected)
    }

    @Test func rendersTheStandardTemplate() {
        #expect(NameTemplate.standard.render(Self.variables) == "admin@web-rdp")
    }

    @Test func substitutionIsSinglePass() throws {
        var variables = Self.variables
        variables.vmname = "x{user}"
        #expect(try NameTemplate("{vmname}-{proto}").render(variables) == "x{user}-rdp")
    }

    @Test func hostnameFallsBackToTheVMName() throws {
        let variables = TemplateVariables(vmname: "db", user: "u", proto: .ssh, port: 22, vmid: 7, node: "n")
        #expect(try NameTemplate("{hostname}|{ip}|{tags}|{pool}").render(variables) == "db|||")
    }

    @Test func bracesThatAreNotVariablesStayLiteral() throws {
        #expect(try NameTemplate("{ {} {a b} {user").render(Self.variables) == "{ {} {a b} {user")
        #expect(try NameTemplate("{{user}}").render(Self.variables) == "{admin}")
    }

    @Test func unknownVariableIsNamedWithASuggestion() {
        #expect(throws: TemplateError.unknownVariable(name: "vmnmae", suggestion: "vmname")) {
            try NameTemplate("{vmnmae}-{proto}")
        }
        #expect(throws: TemplateError.unknownVariable(name: "colour", suggestion: nil)) { try NameTemplate("{colour}") }
        let message = TemplateError.unknownVariable(name: "vmnmae", suggestion: "vmname").description
        #expect(message.contains("{vmnmae}") && message.contains("did you mean {vmname}?"))
    }

    @Test(arguments: ["{password}", "{user}:{pass}", "{PASSWORD}"])
    func passwordIsRefused(template: String) {
        #expect(throws: TemplateError.passwordVariable) { try NameTemplate(template) }
    }

    @Test func emptyTemplateIsRefused() {
        #expect(throws: TemplateError.empty) { try NameTemplate("  ") }
    }

    @Test func reportsTheVariablesUsed() throws {
        #expect(try NameTemplate("{host}/{vmid}-{protocol}").variables == [.hostname, .vmid, .proto])
    }
}
