/// Text with `$...$` math made readable where HTML and KaTeX can't reach: the `<title>`, a
/// meta description, an SVG label, a saved-papers entry. `$\delta$-STEAL` becomes `δ-STEAL`.
enum PlainText {
    static func fromTeX(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return text }
        var output = ""
        var index = text.startIndex
        var inMath = false
        while index < text.endIndex {
            let character = text[index]
            if character == "\\", text.index(after: index) < text.endIndex, text[text.index(after: index)] == "$" {
                output.append("$")
                index = text.index(index, offsetBy: 2)
                continue
            }
            if character == "$" {
                inMath.toggle()
                index = text.index(after: index)
                continue
            }
            if inMath && character == "\\" {
                let nameStart = text.index(after: index)
                let nameEnd = text[nameStart...].firstIndex { !$0.isLetter } ?? text.endIndex
                let name = String(text[nameStart..<nameEnd])
                output += symbols[name] ?? name
                index = nameEnd
                continue
            }
            if inMath && "{}^_".contains(character) {
                index = text.index(after: index)
                continue
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }

    /// The commands most often met in paper titles and abstracts.
    private static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
        "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ",
        "Psi": "Ψ", "Omega": "Ω", "infty": "∞", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠",
        "approx": "≈", "times": "×", "cdot": "·", "pm": "±", "to": "→", "rightarrow": "→", "sqrt": "√",
        "ell": "ℓ", "in": "∈", "sum": "∑", "log": "log", "mathcal": "", "mathbb": "", "mathrm": "", "text": "",
        "textbf": "", "textsc": "", "textit": "", "mathbf": "", "boldsymbol": "", "operatorname": "", "emph": "",
        "tilde": "", "hat": "", "bar": "", "left": "", "right": "", "ldots": "…", "cdots": "⋯", "bot": "⊥",
    ]
}
