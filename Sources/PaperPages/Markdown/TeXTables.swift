/// The TeX this program reads as Unicode, in one place: `PlainText` reads math in titles
/// with `mathSymbols`, the BibTeX importer (`TeXText`) reads text-mode commands and accents.
enum TeXTables {
    /// Math commands most often met in paper titles and abstracts, as the Unicode a reader
    /// expects where math can't be typeset (titles, meta descriptions, citations).
    static let mathSymbols: [String: String] = [
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

    /// Text-mode commands that stand for one character: `{\ss}`, `{\o}`, `\textendash`.
    static let textSymbols: [String: String] = [
        "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
        "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
        "S": "§", "P": "¶", "dag": "†", "ddag": "‡", "copyright": "©", "textcopyright": "©", "textregistered": "®",
        "texttrademark": "™", "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€", "textdollar": "$",
        "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…", "textbullet": "•",
        "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“", "textquotedblright": "”",
        "guillemotleft": "«", "guillemotright": "»", "textless": "<", "textgreater": ">", "textbar": "|",
        "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_", "textdegree": "°",
        "textmu": "µ", "textperiodcentered": "·", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2e",
        "quad": " ", "qquad": " ", "space": " ", "nobreakspace": " ", "newline": " ", "linebreak": " ", "par": " ",
        "relax": "", "protect": "", "noindent": "", "nocorr": "", "/": "", "-": "", "@": "", "bf": "", "it": "", "em": "",
        "sc": "", "rm": "", "tt": "", "sf": "", "sl": "", "small": "", "footnotesize": "", "large": "", "Large": "",
        "normalsize": "", "centering": "", "unskip": "", "hfill": " ", "vfill": " ",
    ]

    /// Accent commands and the combining mark each puts on the letter that follows:
    /// `\'{e}` -> é, `\c{c}` -> ç, `\v s` -> š.
    static let accents: [String: Unicode.Scalar] = [
        "'": "\u{0301}", "`": "\u{0300}", "^": "\u{0302}", "\"": "\u{0308}", "~": "\u{0303}", "=": "\u{0304}",
        ".": "\u{0307}", "u": "\u{0306}", "v": "\u{030C}", "H": "\u{030B}", "c": "\u{0327}", "k": "\u{0328}",
        "r": "\u{030A}", "d": "\u{0323}", "b": "\u{0331}", "t": "\u{0361}",
    ]
}
