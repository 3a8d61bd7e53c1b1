"""Demo data set for NEXT Tracker.

Fictional-but-plausible demo content for the US-Japan NEXT Alliance Initiative (Sasakawa
Peace Foundation USA): the two lines of effort, a topic taxonomy, events, publications and
policy recommendations with their status histories. The events and publications are modelled
on the kind of work the initiative does, but titles, URLs, recommendations, notes and evidence
links are illustrative only; they are not the initiative's actual output and must not be cited.
Roundtables are not-for-attribution, so no participant is ever named.

Pure data, no logic: the demo loader reads these lists. All dates are ISO strings
(YYYY-MM-DD), all slugs/keys are stable, and every reference points to an entry defined
earlier in the same module.
"""

# ---------------------------------------------------------------------------------------------
# Lines of effort
# ---------------------------------------------------------------------------------------------

LINES_OF_EFFORT = [
    {
        "slug": "foreign-security",
        "name_en": "Foreign & Security Policy",
        "name_ja": "外交・安全保障政策",
        "description_en": (
            "Adapting alliance roles, missions, capabilities and command-and-control arrangements "
            "to growing defense challenges in Northeast Asia and the East China Sea, and protecting "
            "freedom of navigation and marine resources in the Indo-Pacific."
        ),
        "description_ja": (
            "北東アジア及び東シナ海で増大する防衛上の課題に対応するため、日米同盟の役割・任務・能力と"
            "指揮統制の在り方を見直すとともに、インド太平洋地域における航行の自由と海洋資源の保護に取り組む。"
        ),
    },
    {
        "slug": "technology-innovation",
        "name_en": "Technology & Innovation Connections",
        "name_ja": "技術・イノベーションコネクション",
        "description_en": (
            "Leveraging alliance talent and coordinating policy to strengthen economic security "
            "(cybersecurity, artificial intelligence, export controls, countering economic coercion), "
            "and expanding cooperation in scientific research, space, telecommunications "
            "infrastructure, international standard setting, data management and digital currency."
        ),
        "description_ja": (
            "日米同盟の人材と政策協調を生かして経済安全保障（サイバーセキュリティ、人工知能、輸出管理、"
            "経済的威圧への対抗）を強化し、科学研究、宇宙、通信インフラ、国際標準化、データマネジメント及び"
            "デジタル通貨の分野で協力を拡大する。"
        ),
    },
]

# ---------------------------------------------------------------------------------------------
# Topic areas (parents before children)
# ---------------------------------------------------------------------------------------------

TOPICS = [
    # Technology & Innovation Connections
    {"slug": "economic-security", "name_en": "Economic security", "name_ja": "経済安全保障",
     "line": "technology-innovation", "parent": None},
    {"slug": "cybersecurity", "name_en": "Cybersecurity", "name_ja": "サイバーセキュリティ",
     "line": "technology-innovation", "parent": "economic-security"},
    {"slug": "artificial-intelligence", "name_en": "Artificial intelligence", "name_ja": "人工知能（AI）",
     "line": "technology-innovation", "parent": "economic-security"},
    {"slug": "export-controls", "name_en": "Export controls", "name_ja": "輸出管理",
     "line": "technology-innovation", "parent": "economic-security"},
    {"slug": "economic-coercion", "name_en": "Countering economic coercion", "name_ja": "経済的威圧への対抗",
     "line": "technology-innovation", "parent": "economic-security"},
    {"slug": "scientific-research", "name_en": "Scientific research and talent", "name_ja": "科学研究・人材交流",
     "line": "technology-innovation", "parent": None},
    {"slug": "space", "name_en": "Space", "name_ja": "宇宙",
     "line": "technology-innovation", "parent": None},
    {"slug": "telecommunications-infrastructure", "name_en": "Telecommunications infrastructure",
     "name_ja": "通信インフラ", "line": "technology-innovation", "parent": None},
    {"slug": "international-standards", "name_en": "International standard setting", "name_ja": "国際標準化",
     "line": "technology-innovation", "parent": None},
    {"slug": "data-digital-currency", "name_en": "Data management and digital currency",
     "name_ja": "データマネジメント・デジタル通貨", "line": "technology-innovation", "parent": None},
    # Foreign & Security Policy
    {"slug": "alliance-roles-missions", "name_en": "Alliance roles, missions and capabilities",
     "name_ja": "同盟の役割・任務・能力", "line": "foreign-security", "parent": None},
    {"slug": "command-and-control", "name_en": "Command and control (C2)", "name_ja": "指揮統制",
     "line": "foreign-security", "parent": "alliance-roles-missions"},
    {"slug": "freedom-of-navigation", "name_en": "Freedom of navigation and marine resources",
     "name_ja": "航行の自由と海洋資源", "line": "foreign-security", "parent": None},
    {"slug": "east-china-sea", "name_en": "East China Sea maritime security",
     "name_ja": "東シナ海の海洋安全保障", "line": "foreign-security", "parent": "freedom-of-navigation"},
]

# ---------------------------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------------------------

EVENTS = [
    {
        "slug": "rt-2021-economic-security",
        "kind": "roundtable",
        "title_en": "Track 1.5 Roundtable: Economic Security in the US-Japan Alliance",
        "title_ja": "1.5トラック政策意見交換会：日米同盟における経済安全保障",
        "starts_on": "2021-10-14",
        "ends_on": "2021-10-14",
        "location": "Washington, DC (virtual)",
        "line": "technology-innovation",
        "description_en": (
            "The initiative's first not-for-attribution roundtable, bringing together officials, "
            "industry and academic specialists from both countries to map where economic security "
            "policy could become a new pillar of alliance coordination."
        ),
    },
    {
        "slug": "rt-2022-alliance-c2",
        "kind": "roundtable",
        "title_en": "Track 1.5 Roundtable: Modernizing Alliance Command and Control",
        "title_ja": "1.5トラック政策意見交換会：同盟の指揮統制の近代化",
        "starts_on": "2022-03-09",
        "ends_on": "2022-03-09",
        "location": "Washington, DC (hybrid)",
        "line": "foreign-security",
        "description_en": (
            "A not-for-attribution discussion of how the alliance's parallel command structures "
            "could evolve as Japan considers a permanent joint headquarters for the Self-Defense Forces."
        ),
    },
    {
        "slug": "conf-2022-technology",
        "kind": "conference",
        "title_en": "NEXT Alliance Conference 2022: Technology & Innovation Connections",
        "title_ja": "NEXT同盟カンファレンス2022：技術・イノベーションコネクション",
        "starts_on": "2022-09-20",
        "ends_on": "2022-09-22",
        "location": "Washington, DC",
        "line": "technology-innovation",
        "description_en": (
            "Bilateral policy briefings, a two-day workshop on cybersecurity, AI governance, trusted "
            "telecommunications and data flows, and a concluding public symposium."
        ),
    },
    {
        "slug": "conf-2023-security",
        "kind": "conference",
        "title_en": "NEXT Alliance Conference 2023: Alliance Roles, Missions and C2",
        "title_ja": "NEXT同盟カンファレンス2023：同盟の役割・任務と指揮統制",
        "starts_on": "2023-02-14",
        "ends_on": "2023-02-16",
        "location": "Tokyo",
        "line": "foreign-security",
        "description_en": (
            "Policy briefings and a two-day workshop on implementing Japan's new strategy documents "
            "in the alliance, followed by a public symposium on command-and-control reform."
        ),
    },
    {
        "slug": "ws-2023-space-telecom",
        "kind": "workshop",
        "title_en": "NEXT Alliance Workshop: Space, Telecommunications and Standards",
        "title_ja": "NEXT同盟ワークショップ：宇宙・通信・国際標準",
        "starts_on": "2023-09-12",
        "ends_on": "2023-09-13",
        "location": "Tokyo",
        "line": "technology-innovation",
        "description_en": (
            "Two-day closed workshop of the 2023 Technology & Innovation conference on resilient "
            "connectivity: undersea cables, satellite communications, spectrum and 6G standards."
        ),
    },
    {
        "slug": "sym-2023-technology",
        "kind": "symposium",
        "title_en": "Public Symposium: Connecting Alliance Innovation Ecosystems",
        "title_ja": "公開シンポジウム：日米イノベーション・エコシステムをつなぐ",
        "starts_on": "2023-09-14",
        "ends_on": "2023-09-14",
        "location": "Tokyo",
        "line": "technology-innovation",
        "description_en": (
            "Concluding public symposium of the 2023 Technology & Innovation conference on defense "
            "innovation, start-ups and the next generation of alliance technology talent."
        ),
    },
    {
        "slug": "int-2024-economic-coercion",
        "kind": "interview",
        "title_en": "Policy-Maker Interview Series: Countering Economic Coercion",
        "title_ja": "政策担当者インタビューシリーズ：経済的威圧への対抗",
        "starts_on": "2024-01-16",
        "ends_on": "2024-04-25",
        "location": "Washington, DC and Tokyo",
        "line": "technology-innovation",
        "description_en": (
            "Background interviews with current and former officials and corporate risk managers "
            "in both countries on lessons from recent cases of economic coercion."
        ),
    },
    {
        "slug": "conf-2024-maritime",
        "kind": "conference",
        "title_en": "NEXT Alliance Conference 2024: Maritime Security and the East China Sea",
        "title_ja": "NEXT同盟カンファレンス2024：海洋安全保障と東シナ海",
        "starts_on": "2024-03-05",
        "ends_on": "2024-03-07",
        "location": "Tokyo",
        "line": "foreign-security",
        "description_en": (
            "Briefings, a two-day workshop on maritime domain awareness, coast guard cooperation and "
            "marine resources, and a concluding public symposium."
        ),
    },
    {
        "slug": "conf-2024-ai-standards",
        "kind": "conference",
        "title_en": "NEXT Alliance Conference 2024: AI, Data and International Standards",
        "title_ja": "NEXT同盟カンファレンス2024：AI・データ・国際標準",
        "starts_on": "2024-10-08",
        "ends_on": "2024-10-10",
        "location": "Washington, DC",
        "line": "technology-innovation",
        "description_en": (
            "Policy briefings, a two-day workshop on AI safety evaluation, compute and standards "
            "strategy, and a concluding public symposium."
        ),
    },
    {
        "slug": "ws-2025-c2-implementation",
        "kind": "workshop",
        "title_en": "NEXT Alliance Workshop: Implementing the Joint Force Headquarters",
        "title_ja": "NEXT同盟ワークショップ：統合軍司令部への移行をどう進めるか",
        "starts_on": "2025-04-22",
        "ends_on": "2025-04-23",
        "location": "Honolulu, HI",
        "line": "foreign-security",
        "description_en": (
            "Two-day workshop of the 2025 Foreign & Security Policy conference on the practical "
            "steps after the stand-up of the JSDF Joint Operations Command and the USFJ upgrade."
        ),
    },
    {
        "slug": "conf-2025-economic-security",
        "kind": "conference",
        "title_en": "NEXT Alliance Conference 2025: Updating the Economic Security Toolkit",
        "title_ja": "NEXT同盟カンファレンス2025：経済安全保障ツールキットの更新",
        "starts_on": "2025-10-07",
        "ends_on": "2025-10-09",
        "location": "Washington, DC",
        "line": "technology-innovation",
        "description_en": (
            "Briefings, a two-day workshop on export controls, research security, critical minerals "
            "and cyber defense, and a concluding public symposium."
        ),
    },
    {
        "slug": "rt-2026-digital-currency",
        "kind": "roundtable",
        "title_en": "Track 1.5 Roundtable: Data Flows and Digital Currency",
        "title_ja": "1.5トラック政策意見交換会：データ流通とデジタル通貨",
        "starts_on": "2026-06-18",
        "ends_on": "2026-06-18",
        "location": "Tokyo (hybrid)",
        "line": "technology-innovation",
        "description_en": (
            "A not-for-attribution roundtable on stablecoins, central bank digital currency "
            "experiments, tokenized deposits and the data governance questions they raise."
        ),
    },
]

# ---------------------------------------------------------------------------------------------
# Publications
# ---------------------------------------------------------------------------------------------

PUBLICATIONS = [
    {
        "slug": "rr-2022-economic-security",
        "kind": "roundtable_report",
        "title_en": "Economic Security in the US-Japan Alliance: Roundtable Report",
        "title_ja": "日米同盟における経済安全保障：政策意見交換会報告書",
        "published_on": "2022-01-20",
        "url": "https://spfusa.org/publications/next-alliance-roundtable-report-economic-security/",
        "authors": "NEXT Alliance Initiative staff",
        "event": "rt-2021-economic-security",
    },
    {
        "slug": "wr-2022-technology",
        "kind": "workshop_report",
        "title_en": "Trusted Technology Connections: 2022 Workshop Report",
        "title_ja": "信頼できる技術の連携：2022年ワークショップ報告書",
        "published_on": "2022-11-15",
        "url": "https://spfusa.org/publications/next-alliance-2022-technology-workshop-report/",
        "authors": "NEXT Alliance Initiative staff",
        "event": "conf-2022-technology",
    },
    {
        "slug": "pr-2023-alliance-c2",
        "kind": "policy_recommendations",
        "title_en": "Toward Combined Command: NEXT Alliance Policy Recommendations on Alliance C2",
        "title_ja": "連合指揮に向けて：同盟の指揮統制に関するNEXT政策提言",
        "published_on": "2023-04-18",
        "url": "https://spfusa.org/publications/next-alliance-policy-recommendations-alliance-c2/",
        "authors": "US-Japan NEXT Alliance Initiative",
        "event": "conf-2023-security",
    },
    {
        "slug": "sa-2023-space-ssa",
        "kind": "scholar_article",
        "title_en": "Sharing the Sky: Space Situational Awareness and the US-Japan Alliance",
        "title_ja": None,
        "published_on": "2023-07-11",
        "url": "https://spfusa.org/research/sharing-the-sky-space-situational-awareness/",
        "authors": "Dr. Naomi Ferris, Non-resident Scholar",
        "event": None,
    },
    {
        "slug": "wr-2023-space-telecom",
        "kind": "workshop_report",
        "title_en": "Resilient Connectivity: Space, Telecommunications and Standards Workshop Report",
        "title_ja": "強靱な接続性：宇宙・通信・国際標準ワークショップ報告書",
        "published_on": "2023-11-02",
        "url": "https://spfusa.org/publications/next-alliance-workshop-report-resilient-connectivity/",
        "authors": "NEXT Alliance Initiative staff",
        "event": "ws-2023-space-telecom",
    },
    {
        "slug": "ad-2024-03",
        "kind": "alliance_digest",
        "title_en": "Alliance Digest: March 19, 2024",
        "title_ja": "アライアンス・ダイジェスト（2024年3月19日号）",
        "published_on": "2024-03-19",
        "url": "https://spfusa.org/alliance-digest/alliance-digest-2024-03-19/",
        "authors": "NEXT Alliance Initiative staff",
        "event": None,
    },
    {
        "slug": "sa-2024-ecs-mda",
        "kind": "scholar_article",
        "title_en": "Seeing the Whole Sea: Maritime Domain Awareness in the East China Sea",
        "title_ja": "海全体を見渡す：東シナ海における海洋状況把握",
        "published_on": "2024-05-07",
        "url": "https://spfusa.org/research/seeing-the-whole-sea-maritime-domain-awareness/",
        "authors": "Dr. Kenta Morishima, Non-resident Scholar",
        "event": "conf-2024-maritime",
    },
    {
        "slug": "pr-2024-economic-coercion",
        "kind": "policy_recommendations",
        "title_en": "Countering Economic Coercion: An Alliance Toolkit",
        "title_ja": "経済的威圧への対抗：日米同盟のツールキット",
        "published_on": "2024-06-12",
        "url": "https://spfusa.org/publications/next-alliance-policy-recommendations-economic-coercion/",
        "authors": "US-Japan NEXT Alliance Initiative",
        "event": "int-2024-economic-coercion",
    },
    {
        "slug": "pr-2024-ai-standards",
        "kind": "policy_recommendations",
        "title_en": "AI, Data and Standards: NEXT Alliance Policy Recommendations",
        "title_ja": "AI・データ・国際標準：NEXT政策提言",
        "published_on": "2024-12-17",
        "url": "https://spfusa.org/publications/next-alliance-policy-recommendations-ai-data-standards/",
        "authors": "US-Japan NEXT Alliance Initiative",
        "event": "conf-2024-ai-standards",
    },
    {
        "slug": "wr-2025-c2-implementation",
        "kind": "workshop_report",
        "title_en": "From Announcement to Operation: Implementing Alliance C2 Reform, Workshop Report",
        "title_ja": "発表から運用へ：同盟の指揮統制改革の実施に関するワークショップ報告書",
        "published_on": "2025-06-24",
        "url": "https://spfusa.org/publications/next-alliance-workshop-report-c2-implementation/",
        "authors": "NEXT Alliance Initiative staff",
        "event": "ws-2025-c2-implementation",
    },
    {
        "slug": "pr-2025-economic-security",
        "kind": "policy_recommendations",
        "title_en": "Economic Security 2025: Updating the Alliance Toolkit",
        "title_ja": "経済安全保障2025：日米同盟ツールキットの更新",
        "published_on": "2025-12-09",
        "url": "https://spfusa.org/publications/next-alliance-policy-recommendations-economic-security-2025/",
        "authors": "US-Japan NEXT Alliance Initiative",
        "event": "conf-2025-economic-security",
    },
    {
        "slug": "rr-2026-digital-currency",
        "kind": "roundtable_report",
        "title_en": "Data Flows and Digital Currency: Roundtable Report",
        "title_ja": "データ流通とデジタル通貨：政策意見交換会報告書",
        "published_on": None,  # in preparation
        "url": "https://spfusa.org/publications/next-alliance-roundtable-report-digital-currency/",
        "authors": "NEXT Alliance Initiative staff",
        "event": "rt-2026-digital-currency",
    },
]

# ---------------------------------------------------------------------------------------------
# Recommendations
# ---------------------------------------------------------------------------------------------
# history entries: (effective date, status, public note, internal note, [evidence URLs])

RECOMMENDATIONS = [
    # ---- Roundtable report: Economic Security in the US-Japan Alliance (2022-01-20) ----------
    {
        "key": "econ-2plus2",
        "title_en": "Institutionalize a ministerial economic security dialogue",
        "title_ja": "閣僚級の経済安全保障対話の制度化",
        "text_en": (
            "Both governments should create a standing ministerial mechanism that brings together "
            "foreign, economic and trade ministers to coordinate **economic security** policy, "
            "modelled on the security \"2+2\". It should meet at least annually, agree a bilateral "
            "work plan and report progress to leaders."
        ),
        "text_ja": (
            "両政府は、安全保障分野の「2+2」に倣い、外務・経済・通商担当閣僚が**経済安全保障**政策を"
            "調整する常設の閣僚級メカニズムを設けるべきである。少なくとも年1回会合を開き、二国間の作業計画を"
            "定め、その進捗を首脳に報告すべきである。"
        ),
        "addressees": ["both_governments"],
        "priority": True,
        "topic": "economic-security",
        "event": "rt-2021-economic-security",
        "publication": "rr-2022-economic-security",
        "supersedes": None,
        "internal_notes": "Good example for board presentations: clear line from report to outcome.",
        "history": [
            ("2022-01-20", "proposed", "Published in the roundtable report.", "", []),
            ("2022-01-21", "in_progress",
             "At their virtual summit the two leaders agreed to establish an Economic Policy "
             "Consultative Committee (\"Economic 2+2\").",
             "", ["https://www.mofa.go.jp/na/na1/us/page4e_001195.html"]),
            ("2022-07-29", "implemented",
             "The first Economic 2+2 ministerial meeting was held in Washington and adopted a joint statement.",
             "", ["https://www.state.gov/joint-statement-of-the-u-s-japan-economic-policy-consultative-committee/",
                  "https://www.mofa.go.jp/files/100374097.pdf"]),
        ],
    },
    {
        "key": "cyber-info-sharing",
        "title_en": "Create a bilateral cyber incident information-sharing channel",
        "title_ja": "日米サイバーインシデント情報共有チャネルの創設",
        "text_en": (
            "CISA and Japan's National center of Incident readiness and Strategy for Cybersecurity "
            "(NISC) should establish a **24/7 operational channel** for sharing indicators of "
            "compromise and incident reports affecting critical infrastructure, under pre-agreed "
            "handling rules. Private operators in both countries should be able to contribute "
            "through their national points of contact."
        ),
        "text_ja": (
            "米国CISAと内閣サイバーセキュリティセンター（NISC）は、重要インフラに影響するインシデント報告や"
            "侵害指標（IoC）を共有する**24時間体制の運用チャネル**を、事前に合意した取扱ルールの下で設ける"
            "べきである。両国の民間事業者も、各国の窓口を通じて情報を提供できるようにすべきである。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": True,
        "topic": "cybersecurity",
        "event": "rt-2021-economic-security",
        "publication": "rr-2022-economic-security",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-01-20", "proposed", "Published in the roundtable report.", "", []),
            ("2022-06-14", "under_consideration",
             "NISC and CISA officials acknowledged the proposal at a working session of the bilateral cyber dialogue.",
             "Source: background call with a NISC official; not for citation.", []),
            ("2023-10-05", "in_progress",
             "The two agencies agreed on procedures for exchanging incident information on critical infrastructure.",
             "", ["https://www.nisc.go.jp/eng/press/2023/20231005.html"]),
            ("2024-09-26", "implemented",
             "The channel entered routine use, according to the joint statement of the bilateral cyber dialogue.",
             "", ["https://www.state.gov/joint-statement-us-japan-cyber-dialogue-2024/"]),
            ("2026-06-23", "in_progress",
             "After Japan's national cyber functions moved to the new National Cybersecurity Office under the "
             "2025 Active Cyber Defense legislation, the channel is being re-established with the new office.",
             "Follow up with the National Cybersecurity Office international desk officer on the timeline.",
             ["https://www.nisc.go.jp/eng/press/2026/20260623.html"]),
        ],
    },
    {
        "key": "chip-export-control-coordination",
        "title_en": "Coordinate export controls on advanced semiconductors and manufacturing equipment",
        "title_ja": "先端半導体及び製造装置に関する輸出管理の協調",
        "text_en": (
            "The Commerce Department and METI should align controls on advanced semiconductors and "
            "semiconductor manufacturing equipment so that neither country's firms are disadvantaged "
            "and diversion routes are closed. Coordination should include **shared license-review "
            "criteria**, joint end-use checks and consultation before either side issues new "
            "unilateral rules."
        ),
        "text_ja": (
            "米商務省と経済産業省は、先端半導体及び半導体製造装置に関する規制を整合させ、両国企業が不利に"
            "ならないようにするとともに迂回輸出の経路を断つべきである。協調には、**共通の許可審査基準**、"
            "共同での最終用途確認、新たな単独規制の発表前の事前協議を含めるべきである。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": True,
        "topic": "export-controls",
        "event": "rt-2021-economic-security",
        "publication": "rr-2022-economic-security",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-01-20", "proposed", "Published in the roundtable report.", "", []),
            ("2022-10-07", "under_consideration",
             "The Commerce Department issued new controls on advanced computing and semiconductor "
             "manufacturing items and opened consultations with allies.",
             "", ["https://www.commerce.gov/news/press-releases/2022/10/commerce-implements-new-export-controls-advanced-computing-and"]),
            ("2023-07-23", "in_progress",
             "Japan's expanded controls on 23 categories of semiconductor manufacturing equipment took effect.",
             "", ["https://www.meti.go.jp/press/2023/05/20230523002/20230523002.html"]),
            ("2025-12-09", "superseded",
             "Replaced by the recommendation for a plurilateral export-control arrangement on chip-making "
             "tools in the 2025 policy recommendations.",
             "", []),
        ],
    },
    {
        "key": "coercion-consultation",
        "title_en": "Set up a joint consultation mechanism on economic coercion",
        "title_ja": "経済的威圧に関する共同協議メカニズムの設置",
        "text_en": (
            "Both governments should agree on a standing mechanism to consult quickly when either "
            "faces economic coercion, and work to bring in G7 partners. The mechanism should share "
            "assessments, coordinate public messaging and identify support for affected sectors."
        ),
        "text_ja": (
            "両政府は、いずれかが経済的威圧を受けた際に迅速に協議する常設メカニズムに合意し、G7パートナーの"
            "参加を働きかけるべきである。同メカニズムでは、情勢評価の共有、対外発信の調整、影響を受けた産業への"
            "支援策の特定を行うべきである。"
        ),
        "addressees": ["both_governments", "multilateral"],
        "priority": False,
        "topic": "economic-coercion",
        "event": "rt-2021-economic-security",
        "publication": "rr-2022-economic-security",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-01-20", "proposed", "Published in the roundtable report.", "", []),
            ("2022-07-29", "under_consideration",
             "The Economic 2+2 joint statement committed both sides to work together against economic coercion.",
             "", ["https://www.mofa.go.jp/files/100374097.pdf"]),
            ("2023-05-20", "implemented",
             "G7 leaders launched the Coordination Platform on Economic Coercion at the Hiroshima Summit.",
             "", ["https://www.mofa.go.jp/files/100506767.pdf"]),
        ],
    },
    {
        "key": "research-security-alignment",
        "title_en": "Align research security guidance for joint research programs",
        "title_ja": None,
        "text_en": (
            "Funding agencies in both countries should harmonize disclosure requirements, "
            "conflict-of-interest rules and risk reviews for jointly funded research, building on "
            "NSPM-33 in the United States and Japan's research integrity guidance. A common approach "
            "would reduce the burden on universities and make joint programs easier to launch."
        ),
        "text_ja": None,
        "addressees": ["both_governments"],
        "priority": False,
        "topic": "scientific-research",
        "event": "rt-2021-economic-security",
        "publication": "rr-2022-economic-security",
        "supersedes": None,
        "internal_notes": "Translation pending review.",
        "history": [
            ("2022-01-20", "proposed", "Published in the roundtable report.", "", []),
            ("2022-08-30", "under_consideration",
             "Research integrity officials from both sides discussed disclosure practices at a bilateral "
             "science and technology meeting.",
             "", ["https://www8.cao.go.jp/cstp/kokusaiteki/integrity/index.html"]),
            ("2025-12-09", "superseded",
             "Replaced by the recommendation for a common research security baseline in the 2025 policy recommendations.",
             "", []),
        ],
    },
    {
        "key": "supply-chain-mapping",
        "title_en": "Map critical supply chains jointly",
        "title_ja": "重要サプライチェーンの共同マッピング",
        "text_en": (
            "Both governments should jointly map supply chains for semiconductors, batteries, "
            "critical minerals and pharmaceuticals, identifying single points of failure and "
            "chokepoints controlled by third countries. Results should be shared with trusted "
            "industry partners to guide diversification investment."
        ),
        "text_ja": (
            "両政府は、半導体、蓄電池、重要鉱物、医薬品のサプライチェーンを共同で分析し、単一障害点や第三国が"
            "握るチョークポイントを特定すべきである。結果は信頼できる産業界のパートナーと共有し、調達先の"
            "多様化に向けた投資の指針とすべきである。"
        ),
        "addressees": ["both_governments", "private_sector"],
        "priority": False,
        "topic": "economic-security",
        "event": "rt-2021-economic-security",
        "publication": "rr-2022-economic-security",
        "supersedes": None,
        "internal_notes": "No update since 2023. Ask the METI Economic Security Policy Office desk officer for status.",
        "history": [
            ("2022-01-20", "proposed", "Published in the roundtable report.", "", []),
            ("2022-05-11", "under_consideration",
             "Japan enacted the Economic Security Promotion Act, which provides for supply-chain "
             "resilience measures for specified critical products.",
             "", ["https://www.cao.go.jp/keizai_anzen_hosho/index.html"]),
            ("2023-09-14", "in_progress",
             "Working-level supply-chain mapping for semiconductors and batteries began under the "
             "Economic 2+2 framework, according to a METI briefing.",
             "Source: METI briefing to the initiative; details not yet public.",
             ["https://www.meti.go.jp/english/press/2023/0914_001.html"]),
        ],
    },
    {
        "key": "security-clearance",
        "title_en": "Establish a security clearance system for economic security information",
        "title_ja": "経済安全保障分野におけるセキュリティ・クリアランス制度の創設",
        "text_en": (
            "Japan should create a statutory security clearance system covering sensitive economic "
            "and technology information, so that Japanese firms and researchers can take part in "
            "classified joint projects with US partners. The system should be **interoperable with "
            "US clearance practices** and include privacy safeguards."
        ),
        "text_ja": (
            "日本政府は、機微な経済・技術情報を対象とする法定のセキュリティ・クリアランス制度を創設し、日本企業や"
            "研究者が米国パートナーとの秘密を伴う共同事業に参加できるようにすべきである。制度は**米国の"
            "クリアランス制度との相互運用性**を確保し、プライバシー保護の措置を含むべきである。"
        ),
        "addressees": ["government_of_japan"],
        "priority": True,
        "topic": "economic-security",
        "event": "rt-2021-economic-security",
        "publication": "rr-2022-economic-security",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-01-20", "proposed", "Published in the roundtable report.", "", []),
            ("2023-02-22", "under_consideration",
             "The Cabinet Office convened an expert panel to study a security clearance system for economic security.",
             "", ["https://www.cas.go.jp/jp/seisaku/keizai_anzen_hosyou_sc/index.html"]),
            ("2024-05-10", "in_progress",
             "The Diet enacted the Act on the Protection and Utilization of Critical Economic Security Information.",
             "", ["https://www.cao.go.jp/keizai_anzen_hosho/hogokatsuyou/hogokatsuyou.html"]),
            ("2025-05-16", "implemented",
             "The security clearance system under the new act entered into force.",
             "", ["https://www.cao.go.jp/keizai_anzen_hosho/hogokatsuyou/shikou.html"]),
        ],
    },
    # ---- Roundtable: Modernizing Alliance Command and Control (2022-03-09; no public report) --
    {
        "key": "c2-bilateral-study",
        "title_en": "Launch a bilateral study of combined command-and-control options",
        "title_ja": "連合指揮統制の選択肢に関する日米共同研究の開始",
        "text_en": (
            "The Defense Department and Japan's Ministry of Defense should commission a joint study "
            "of command-and-control options, from enhanced coordination to a combined headquarters, "
            "before Japan settles the design of its permanent joint headquarters. The study should "
            "report to the Security Consultative Committee (\"2+2\")."
        ),
        "text_ja": (
            "米国防総省と防衛省は、日本が常設統合司令部の設計を確定する前に、調整機能の強化から連合司令部の"
            "設置まで、指揮統制の選択肢に関する共同研究を行うべきである。研究結果は日米安全保障協議委員会"
            "（「2+2」）に報告すべきである。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "command-and-control",
        "event": "rt-2022-alliance-c2",
        "publication": None,
        "supersedes": None,
        "internal_notes": "No public report for this roundtable; summary circulated to government participants only.",
        "history": [
            ("2022-04-05", "proposed",
             "Shared with both governments in a not-for-attribution roundtable summary.", "", []),
            ("2023-01-11", "under_consideration",
             "The Security Consultative Committee joint statement committed both sides to strengthen "
             "alliance command-and-control coordination.",
             "", ["https://www.mofa.go.jp/na/st/page1e_000501.html"]),
            ("2023-04-18", "superseded",
             "Replaced by the more specific recommendation to upgrade US Forces Japan to a joint force headquarters.",
             "", []),
        ],
    },
    {
        "key": "joc-liaison",
        "title_en": "Embed US liaison officers in Japan's future Joint Operations Command",
        "title_ja": "自衛隊の統合作戦司令部への米軍連絡官の配置",
        "text_en": (
            "As Japan builds a permanent joint headquarters, the United States should assign a "
            "standing liaison element to it from day one, and Japan should reciprocate at US Forces "
            "Japan and INDOPACOM. Early liaison will shape procedures and avoid retrofitting "
            "coordination later."
        ),
        "text_ja": (
            "日本が常設の統合司令部を整備するにあたり、米国は発足当初から常駐の連絡要員を派遣し、日本も在日米軍"
            "及びインド太平洋軍に同様に派遣すべきである。早期の連絡体制は手順の形成に資し、後から調整機能を"
            "付け足す事態を避けることができる。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": True,
        "topic": "command-and-control",
        "event": "rt-2022-alliance-c2",
        "publication": None,
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-04-05", "proposed",
             "Shared with both governments in a not-for-attribution roundtable summary.", "", []),
            ("2022-12-16", "under_consideration",
             "Japan's new National Defense Strategy announced the establishment of a permanent joint headquarters.",
             "", ["https://www.mod.go.jp/j/policy/agenda/guideline/strategy/index.html"]),
            ("2024-07-28", "in_progress",
             "The Security Consultative Committee announced that US Forces Japan will be upgraded to a "
             "joint force headquarters to work with the JSDF Joint Operations Command.",
             "", ["https://www.defense.gov/News/Releases/Release/Article/3852121/joint-statement-of-the-security-consultative-committee-22/"]),
            ("2025-03-24", "implemented",
             "The JSDF Joint Operations Command was stood up with US liaison arrangements in place.",
             "", ["https://www.mod.go.jp/j/press/news/2025/03/24a.html"]),
        ],
    },
    {
        "key": "roles-missions-review",
        "title_en": "Conduct a formal alliance roles, missions and capabilities review",
        "title_ja": None,
        "text_en": (
            "Both governments should launch a formal review of alliance roles, missions and "
            "capabilities, the first since the alliance transformation process of the mid-2000s, to "
            "reflect Japan's new capabilities and the changing regional military balance. The review "
            "should produce a public framework document."
        ),
        "text_ja": None,
        "addressees": ["both_governments"],
        "priority": False,
        "topic": "alliance-roles-missions",
        "event": "rt-2022-alliance-c2",
        "publication": None,
        "supersedes": None,
        "internal_notes": "Could be revisited with a narrower ask at a future Foreign & Security conference.",
        "history": [
            ("2022-04-05", "proposed",
             "Shared with both governments in a not-for-attribution roundtable summary.", "", []),
            ("2022-12-16", "under_consideration",
             "Japan's new strategy documents called for deepening alliance roles and missions in light of new capabilities.",
             "", ["https://www.mofa.go.jp/fp/nsp/page1we_000081.html"]),
            ("2024-07-28", "not_adopted",
             "The 2+2 joint statement addressed roles and missions through the command-and-control "
             "upgrade rather than a stand-alone review.",
             "", ["https://www.mofa.go.jp/na/st/page1e_000600.html"]),
        ],
    },
    # ---- Workshop report: Trusted Technology Connections (2022-11-15) -------------------------
    {
        "key": "ai-rmf-crosswalk",
        "title_en": "Cross-walk US and Japanese AI risk-management frameworks",
        "title_ja": "日米のAIリスク管理枠組みの対応関係の整理",
        "text_en": (
            "NIST and METI should publish a crosswalk between the NIST AI Risk Management Framework "
            "and Japan's AI governance guidelines, so that companies can demonstrate conformity in "
            "both markets with one set of documentation. This is a low-cost first step toward "
            "interoperable AI governance."
        ),
        "text_ja": (
            "米国立標準技術研究所（NIST）と経済産業省は、NISTのAIリスク管理フレームワークと日本のAIガバナンス"
            "指針との対応関係（クロスウォーク）を公表し、企業が一つの文書体系で両市場への適合を示せるようにすべき"
            "である。これは相互運用可能なAIガバナンスに向けた、低コストな第一歩となる。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "artificial-intelligence",
        "event": "conf-2022-technology",
        "publication": "wr-2022-technology",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-11-15", "proposed", "Published in the workshop report.", "", []),
            ("2023-04-30", "under_consideration",
             "G7 digital and tech ministers agreed to promote interoperability between AI governance frameworks.",
             "", ["https://www.soumu.go.jp/main_content/000879099.pdf"]),
            ("2024-04-30", "implemented",
             "A crosswalk between the NIST AI Risk Management Framework and Japan's AI Guidelines for Business was published.",
             "", ["https://www.meti.go.jp/press/2024/04/20240430001/20240430001.html"]),
        ],
    },
    {
        "key": "open-ran-third-countries",
        "title_en": "Co-finance Open RAN deployments in third countries",
        "title_ja": "第三国におけるOpen RAN導入の共同資金支援",
        "text_en": (
            "The US International Development Finance Corporation, JBIC and NEXI should co-finance "
            "**Open RAN** deployments with operators in the Indo-Pacific, pairing US and Japanese "
            "vendors. Early reference deployments would show that trusted, interoperable networks "
            "are a commercially viable alternative to single-vendor systems."
        ),
        "text_ja": (
            "米国際開発金融公社（DFC）、国際協力銀行（JBIC）、日本貿易保険（NEXI）は、インド太平洋地域の"
            "通信事業者による**Open RAN**導入に協調融資を行い、日米のベンダーを組み合わせるべきである。初期の"
            "導入事例は、信頼性と相互運用性のあるネットワークが単一ベンダー方式に代わる、商業的に成り立つ選択肢で"
            "あることを示すだろう。"
        ),
        "addressees": ["us_government", "government_of_japan", "private_sector"],
        "priority": True,
        "topic": "telecommunications-infrastructure",
        "event": "conf-2022-technology",
        "publication": "wr-2022-technology",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-11-15", "proposed", "Published in the workshop report.", "", []),
            ("2023-05-20", "under_consideration",
             "The G7 Hiroshima leaders' communiqué endorsed secure and resilient digital infrastructure, "
             "including open and interoperable architectures.",
             "", ["https://www.mofa.go.jp/files/100506878.pdf"]),
            ("2024-04-10", "in_progress",
             "The leaders' joint statement announced joint support for trusted Open RAN deployments in partner countries.",
             "", ["https://www.whitehouse.gov/briefing-room/statements-releases/2024/04/10/united-states-japan-joint-leaders-statement/"]),
            ("2026-07-14", "under_consideration",
             "A planned reference deployment was put on hold after the host operator chose a single-vendor "
             "upgrade; the financing partners are reviewing alternative projects.",
             "Source: background call with a JBIC official; do not cite.",
             ["https://www.jbic.go.jp/en/information/press/press-2026/0714-000000.html"]),
        ],
    },
    {
        "key": "dfft-institutional-arrangement",
        "title_en": "Build an institutional home for Data Free Flow with Trust",
        "title_ja": "「信頼性のある自由なデータ流通（DFFT）」の制度的枠組みの構築",
        "text_en": (
            "Japan should use its 2023 G7 presidency, with US support, to turn **Data Free Flow with "
            "Trust** into a standing institutional arrangement that brings regulators together on "
            "concrete projects such as privacy-enhancing technologies and regulatory transparency. "
            "Housing it at the OECD would allow participation beyond the G7."
        ),
        "text_ja": (
            "日本は2023年のG7議長国の機会を生かし、米国の支援を得て「**信頼性のある自由なデータ流通（DFFT）**」を"
            "常設の制度的枠組みとし、プライバシー強化技術や規制の透明性など具体的なプロジェクトで規制当局を結集"
            "すべきである。OECDに事務局を置くことで、G7以外の国の参加も可能になる。"
        ),
        "addressees": ["government_of_japan", "multilateral"],
        "priority": False,
        "topic": "data-digital-currency",
        "event": "conf-2022-technology",
        "publication": "wr-2022-technology",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-11-15", "proposed", "Published in the workshop report.", "", []),
            ("2023-04-30", "under_consideration",
             "G7 digital and tech ministers agreed to establish an Institutional Arrangement for Partnership on DFFT.",
             "", ["https://www.digital.go.jp/en/news/2023-04-30-g7-digital-tech-ministers"]),
            ("2023-12-21", "implemented",
             "The Institutional Arrangement for Partnership was launched at the OECD.",
             "", ["https://www.digital.go.jp/en/news/2023-12-21-dfft-iap-launch"]),
        ],
    },
    {
        "key": "cyber-personnel-exchange",
        "title_en": None,
        "title_ja": "サイバー人材の相互派遣制度の創設",
        "text_en": None,
        "text_ja": (
            "日本政府は、サイバーセキュリティ担当職員を米国CISAや国防総省の関係部署に1〜2年単位で派遣し、"
            "米側職員も受け入れる相互派遣制度を創設すべきである。実務を通じた人材育成は、共同対処の基盤となる"
            "信頼関係を築く上で有効である。"
        ),
        "addressees": ["government_of_japan", "us_government"],
        "priority": False,
        "topic": "cybersecurity",
        "event": "conf-2022-technology",
        "publication": "wr-2022-technology",
        "supersedes": None,
        "internal_notes": "English version not yet prepared; translation pending review.",
        "history": [
            ("2022-11-15", "proposed", "Published in the workshop report.", "", []),
            ("2023-06-20", "under_consideration",
             "Japan's annual cybersecurity plan referred to expanding international personnel exchanges.",
             "", ["https://www.nisc.go.jp/pdf/policy/kihon-s/2023_keikaku.pdf"]),
            ("2024-09-18", "not_adopted",
             "Japan chose to expand short-term training programs with US agencies instead of long-term placements.",
             "", ["https://www.nisc.go.jp/news/2024/20240918.html"]),
        ],
    },
    {
        "key": "cloud-assessment-recognition",
        "title_en": "Mutually recognize government cloud security assessments",
        "title_ja": None,
        "text_en": (
            "FedRAMP and Japan's ISMAP should pursue **mutual recognition** of assessments, or at "
            "least a shared control baseline, so that cloud providers certified in one country face "
            "a shorter path in the other. This would widen the pool of trusted providers for both "
            "governments."
        ),
        "text_ja": None,
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "cybersecurity",
        "event": "conf-2022-technology",
        "publication": "wr-2022-technology",
        "supersedes": None,
        "internal_notes": "Follow up with the Digital Agency ISMAP desk officer.",
        "history": [
            ("2022-11-15", "proposed", "Published in the workshop report.", "", []),
            ("2024-02-27", "under_consideration",
             "Japan's Digital Agency noted ongoing exchanges with the FedRAMP program in its ISMAP review.",
             "", ["https://www.digital.go.jp/en/policies/ismap"]),
        ],
    },
    {
        "key": "ally-license-exception",
        "title_en": "Ease licensing for trade in controlled items between close allies",
        "title_ja": "同盟国間の規制品目取引に関する許可手続の簡素化",
        "text_en": (
            "Where Japan and the United States maintain equivalent controls, the Commerce Department "
            "should offer a license exception for exports to Japan, and METI should extend comparable "
            "treatment. Faster licensing would reward alignment and support joint research and "
            "production."
        ),
        "text_ja": (
            "日米が同等の規制を維持している品目については、米商務省は日本向け輸出に許可例外を設け、経済産業省も"
            "同様の扱いを講じるべきである。許可手続の迅速化は規制の足並みをそろえる誘因となり、共同研究・共同生産"
            "を後押しする。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "export-controls",
        "event": "conf-2022-technology",
        "publication": "wr-2022-technology",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2022-11-15", "proposed", "Published in the workshop report.", "", []),
            ("2023-03-16", "under_consideration",
             "Commerce officials signalled interest in licensing relief for partners with aligned controls.",
             "Source: not-for-attribution briefing.", []),
            ("2024-09-05", "in_progress",
             "Commerce introduced a license exception for countries that implement equivalent controls on "
             "certain quantum and semiconductor items.",
             "", ["https://www.commerce.gov/news/press-releases/2024/09/commerce-implements-controls-quantum-and-advanced-semiconductor-technologies"]),
        ],
    },
    # ---- Policy recommendations: Toward Combined Command (2023-04-18) -------------------------
    {
        "key": "usfj-joint-force-hq",
        "title_en": "Upgrade US Forces Japan to a joint force headquarters",
        "title_ja": "在日米軍の統合軍司令部への改編",
        "text_en": (
            "The United States should transform USFJ from an administrative command into a **joint "
            "force headquarters** with operational responsibilities and a commander empowered to plan "
            "and act with Japan's Joint Operations Command. The upgrade should be phased, with clear "
            "milestones for staffing, communications and combined planning."
        ),
        "text_ja": (
            "米国は、在日米軍を管理的な司令部から、作戦上の責任を担い、自衛隊の統合作戦司令部と共同で計画・行動"
            "できる権限を持つ**統合軍司令部**へ改編すべきである。改編は段階的に進め、人員、通信、共同計画について"
            "明確な目標時期を設けるべきである。"
        ),
        "addressees": ["us_government"],
        "priority": True,
        "topic": "command-and-control",
        "event": "conf-2023-security",
        "publication": "pr-2023-alliance-c2",
        "supersedes": "c2-bilateral-study",
        "internal_notes": (
            "No update logged since the 2024 2+2. Check with the OSD Japan desk officer on phase-one "
            "milestones before the next board meeting."
        ),
        "history": [
            ("2023-04-18", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2024-04-10", "under_consideration",
             "The leaders' joint statement announced that both countries intend to upgrade their "
             "respective command-and-control frameworks.",
             "", ["https://www.whitehouse.gov/briefing-room/statements-releases/2024/04/10/united-states-japan-joint-leaders-statement/"]),
            ("2024-07-28", "in_progress",
             "The Security Consultative Committee announced that USFJ will be reconstituted as a joint "
             "force headquarters in phases.",
             "", ["https://www.defense.gov/News/Releases/Release/Article/3852121/joint-statement-of-the-security-consultative-committee-22/"]),
        ],
    },
    {
        "key": "alliance-coordination-center",
        "title_en": "Stand up a standing bilateral operations coordination center",
        "title_ja": "常設の日米共同運用調整所の設置",
        "text_en": (
            "Both governments should turn the Alliance Coordination Mechanism into a **standing, "
            "co-staffed coordination center** that operates in peacetime and scales up in a crisis. "
            "It should link the JSDF Joint Operations Command, USFJ and INDOPACOM through a shared "
            "common operating picture."
        ),
        "text_ja": (
            "両政府は、同盟調整メカニズム（ACM）を、平時から運用され有事には規模を拡大する**常設・共同配置の"
            "調整所**へと発展させるべきである。同調整所は、共通作戦状況図を通じて自衛隊統合作戦司令部、在日米軍、"
            "インド太平洋軍を結ぶべきである。"
        ),
        "addressees": ["both_governments"],
        "priority": False,
        "topic": "command-and-control",
        "event": "conf-2023-security",
        "publication": "pr-2023-alliance-c2",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-04-18", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2024-07-28", "under_consideration",
             "The 2+2 joint statement called for strengthening bilateral coordination through the Alliance "
             "Coordination Mechanism.",
             "", ["https://www.mofa.go.jp/na/st/page1e_000600.html"]),
            ("2026-06-30", "in_progress",
             "A bilateral working group began designing a co-staffed coordination cell, according to a "
             "Ministry of Defense briefing.",
             "Source: briefing by the MOD Japan-US Defense Cooperation Division.",
             ["https://www.mod.go.jp/j/press/news/2026/06/30b.html"]),
        ],
    },
    {
        "key": "bilateral-intel-analysis-cell",
        "title_en": "Create a bilateral intelligence analysis cell for the East China Sea",
        "title_ja": "東シナ海を対象とする日米共同情報分析組織の設置",
        "text_en": (
            "The alliance should create a combined cell that fuses data from US and Japanese unmanned "
            "ISR platforms operating around the Nansei Islands and the East China Sea. Shared analysis "
            "would shorten warning times and reduce duplication of effort."
        ),
        "text_ja": (
            "日米は、南西諸島周辺及び東シナ海で運用する無人機などの情報収集・警戒監視・偵察（ISR）アセットから"
            "得たデータを統合する共同分析組織を設置すべきである。分析の共有は警戒時間を短縮し、重複を減らす。"
        ),
        "addressees": ["both_governments"],
        "priority": False,
        "topic": "east-china-sea",
        "event": "conf-2023-security",
        "publication": "pr-2023-alliance-c2",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-04-18", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2023-07-20", "in_progress",
             "Both defense ministries confirmed preparations for a bilateral information analysis cell at Yokota Air Base.",
             "", ["https://www.mod.go.jp/j/press/news/2023/07/20a.html"]),
            ("2023-11-17", "implemented",
             "The Bilateral Information Analysis Cell reached full operations, according to the Ministry of Defense.",
             "", ["https://www.mod.go.jp/en/press/2023/11/17a.html"]),
        ],
    },
    {
        "key": "counterstrike-coordination",
        "title_en": "Develop bilateral coordination procedures for Japan's counterstrike capability",
        "title_ja": "日本の反撃能力に関する日米の調整手順の整備",
        "text_en": (
            "As Japan acquires stand-off missiles, both governments should develop procedures for "
            "**targeting information, intelligence support and deconfliction** so that Japan's "
            "counterstrike capability is employed effectively within alliance operations. The "
            "procedures should be exercised regularly."
        ),
        "text_ja": (
            "日本がスタンド・オフ・ミサイルを取得するにあたり、両政府は、反撃能力が同盟の作戦の中で効果的に運用"
            "されるよう、**目標情報、情報支援、作戦の相互調整**に関する手順を整備すべきである。手順は定期的な"
            "演習で検証すべきである。"
        ),
        "addressees": ["both_governments"],
        "priority": True,
        "topic": "alliance-roles-missions",
        "event": "conf-2023-security",
        "publication": "pr-2023-alliance-c2",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-04-18", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2024-01-18", "under_consideration",
             "Japan's defense minister said coordination with the United States on counterstrike would "
             "deepen as capabilities are fielded.",
             "", ["https://www.mod.go.jp/j/press/kisha/2024/0118a.html"]),
            ("2026-08-04", "in_progress",
             "Bilateral staff training rehearsed counterstrike coordination procedures for the first time, "
             "according to a joint release.",
             "", ["https://www.mod.go.jp/en/press/2026/08/04a.html"]),
        ],
    },
    {
        "key": "defense-industrial-forum",
        "title_en": None,
        "title_ja": "日米防衛産業協力の定期協議の創設",
        "text_en": None,
        "text_ja": (
            "両政府は、防衛装備品の共同開発・共同生産・維持整備を議論する定期協議を設けるべきである。特に"
            "**弾薬・迎撃ミサイルの共同生産**と、米軍の艦艇・航空機の日本国内での維持整備を優先課題とし、産業界の"
            "参加を得て具体的な案件を形成すべきである。"
        ),
        "addressees": ["both_governments", "private_sector"],
        "priority": False,
        "topic": "alliance-roles-missions",
        "event": "conf-2023-security",
        "publication": "pr-2023-alliance-c2",
        "supersedes": None,
        "internal_notes": "English version to be added; translation pending review.",
        "history": [
            ("2023-04-18", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2024-04-10", "under_consideration",
             "The leaders' joint statement announced a Forum on Defense Industrial Cooperation, "
             "Acquisition and Sustainment.",
             "", ["https://www.mofa.go.jp/files/100652147.pdf"]),
            ("2024-06-10", "implemented",
             "The first meeting of the Forum on Defense Industrial Cooperation, Acquisition and "
             "Sustainment (DICAS) was held in Tokyo.",
             "", ["https://www.mod.go.jp/j/press/news/2024/06/10a.html"]),
        ],
    },
    {
        "key": "ship-repair-japan",
        "title_en": "Expand repair of US Navy ships at Japanese commercial shipyards",
        "title_ja": "日本の民間造船所における米海軍艦艇の修理拡大",
        "text_en": (
            "The US Navy should certify more Japanese commercial shipyards for voyage and depot-level "
            "repair of forward-deployed ships, and Japan should support yard capacity and workforce. "
            "Repairing ships in theater would cut maintenance backlogs and keep more ships on station."
        ),
        "text_ja": (
            "米海軍は前方展開艦艇の航海修理・定期修理を行える日本の民間造船所の認定を拡大し、日本政府は造船所の"
            "能力と人材の確保を支援すべきである。戦域内での修理は整備の遅れを解消し、より多くの艦艇の展開を可能に"
            "する。"
        ),
        "addressees": ["us_government", "government_of_japan", "private_sector"],
        "priority": False,
        "topic": "alliance-roles-missions",
        "event": "conf-2023-security",
        "publication": "pr-2023-alliance-c2",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-04-18", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2024-06-10", "under_consideration",
             "DICAS set up a working group on ship and aircraft repair.",
             "", ["https://www.mod.go.jp/j/press/news/2024/06/10a.html"]),
            ("2026-07-21", "in_progress",
             "The US Navy awarded a depot-level repair contract for a forward-deployed destroyer to a Japanese commercial shipyard.",
             "", ["https://www.defense.gov/News/Contracts/Contract/Article/4263311/"]),
        ],
    },
    # ---- Scholar article: Sharing the Sky (2023-07-11) ----------------------------------------
    {
        "key": "ssa-data-sharing",
        "title_en": "Move to near-real-time space situational awareness data sharing",
        "title_ja": "宇宙状況監視（SSA）データのほぼリアルタイムでの共有",
        "text_en": (
            "Building on the 2013 SSA arrangement, US Space Command and the JASDF Space Operations "
            "Group should exchange tracking data **automatically and in near-real time**, including "
            "data from Japan's deep-space radar. Commercial SSA providers should be brought in "
            "through an agreed data-sharing framework."
        ),
        "text_ja": (
            "2013年のSSA取極を基礎に、米宇宙コマンドと航空自衛隊宇宙作戦群は、日本の深宇宙レーダーのデータを"
            "含め、追跡データを**自動的かつほぼリアルタイムで**交換すべきである。商業SSA事業者も、合意された"
            "データ共有枠組みを通じて参加させるべきである。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": True,
        "topic": "space",
        "event": None,
        "publication": "sa-2023-space-ssa",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-07-11", "proposed", "Published in a non-resident scholar article.", "", []),
            ("2024-04-10", "under_consideration",
             "The leaders' joint statement highlighted deeper cooperation on space domain awareness.",
             "", ["https://www.whitehouse.gov/briefing-room/statements-releases/2024/04/10/united-states-japan-joint-leaders-statement/"]),
            ("2025-02-20", "in_progress",
             "US Space Command and the Ministry of Defense began a pilot of automated SSA data exchange.",
             "", ["https://www.mod.go.jp/j/press/news/2025/02/20a.html"]),
            ("2026-06-09", "under_consideration",
             "The automated exchange pilot was suspended pending a review of classification and releasability rules.",
             "Source: background call with the OSD space policy desk officer.",
             ["https://www.mod.go.jp/j/press/news/2026/06/09a.html"]),
        ],
    },
    {
        "key": "qzss-hosted-payloads",
        "title_en": "Host US space domain awareness payloads on Japan's QZSS satellites",
        "title_ja": "準天頂衛星への米国の宇宙状況把握センサーの相乗り搭載",
        "text_en": (
            "Japan should keep offering its Quasi-Zenith Satellite System as a host for US sensors, "
            "and both sides should plan further **hosted payloads** on future Japanese satellites. "
            "Hosted payloads are a cost-effective way to add resilience and coverage over the "
            "Indo-Pacific."
        ),
        "text_ja": (
            "日本は準天頂衛星システム（QZSS）を米国センサーの搭載先として引き続き提供し、日米は将来の日本の衛星"
            "への追加の**相乗り搭載（ホステッド・ペイロード）**を計画すべきである。相乗り搭載は、インド太平洋上空"
            "の抗たん性と監視範囲を費用対効果よく高める手段である。"
        ),
        "addressees": ["government_of_japan", "us_government"],
        "priority": False,
        "topic": "space",
        "event": None,
        "publication": "sa-2023-space-ssa",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-07-11", "proposed", "Published in a non-resident scholar article.", "", []),
            ("2023-11-30", "in_progress",
             "Integration of the first US hosted payload on a QZSS satellite was reported to be on schedule.",
             "", ["https://www8.cao.go.jp/space/english/qzss/index.html"]),
            ("2025-02-02", "implemented",
             "A QZSS satellite carrying a US Space Force hosted payload was launched.",
             "", ["https://qzss.go.jp/en/overview/notices/launch_250202.html"]),
        ],
    },
    {
        "key": "commercial-ssa-marketplace",
        "title_en": "Create a joint marketplace for commercial space situational awareness data",
        "title_ja": None,
        "text_en": (
            "Both governments should jointly procure and share commercial SSA data through a common "
            "marketplace rather than buying the same data twice. A shared license model would also "
            "strengthen the young commercial SSA industry in both countries."
        ),
        "text_ja": None,
        "addressees": ["us_government", "government_of_japan", "private_sector"],
        "priority": False,
        "topic": "space",
        "event": None,
        "publication": "sa-2023-space-ssa",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-07-11", "proposed", "Published in a non-resident scholar article.", "", []),
            ("2026-09-15", "under_consideration",
             "The Office of Space Commerce and Japan's Cabinet Office discussed shared commercial data "
             "licenses at the bilateral civil space dialogue.",
             "", ["https://www.commerce.gov/news/press-releases/2026/09/us-japan-comprehensive-dialogue-space"]),
        ],
    },
    # ---- Workshop report: Resilient Connectivity (2023-11-02) ---------------------------------
    {
        "key": "undersea-cable-working-group",
        "title_en": "Establish a bilateral undersea cable security working group",
        "title_ja": "海底ケーブルの安全確保に関する日米作業部会の設置",
        "text_en": (
            "Both governments should set up a working group of defense, coast guard and telecom "
            "regulators together with cable operators to:\n\n"
            "- share threat information on cable damage and suspicious vessel activity;\n"
            "- coordinate route diversity for new trans-Pacific cables;\n"
            "- plan joint repair responses after an incident.\n\n"
            "Its findings should feed into Quad and G7 work on cable security."
        ),
        "text_ja": (
            "両政府は、防衛当局、海上保安機関、通信規制当局とケーブル事業者が参加する作業部会を設け、次の取組を"
            "進めるべきである。\n\n"
            "- ケーブル損傷や不審船の活動に関する脅威情報の共有\n"
            "- 新たな太平洋横断ケーブルのルート多様化の調整\n"
            "- 事案発生時の共同修理対応の計画\n\n"
            "成果はクアッド及びG7の海底ケーブルに関する取組にも反映させるべきである。"
        ),
        "addressees": ["both_governments", "private_sector"],
        "priority": True,
        "topic": "telecommunications-infrastructure",
        "event": "ws-2023-space-telecom",
        "publication": "wr-2023-space-telecom",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-11-02", "proposed", "Published in the workshop report.", "", []),
            ("2024-04-10", "under_consideration",
             "The leaders' joint statement committed both countries to cooperation on secure and resilient undersea cables.",
             "", ["https://www.whitehouse.gov/briefing-room/statements-releases/2024/04/10/united-states-japan-joint-leaders-statement/"]),
            ("2026-06-16", "in_progress",
             "The first meeting of a bilateral undersea cable security working group was held in Tokyo.",
             "", ["https://www.soumu.go.jp/menu_news/s-news/01tsushin06_02000260.html"]),
        ],
    },
    {
        "key": "cable-repair-ships",
        "title_en": None,
        "title_ja": "海底ケーブル敷設・修理船の確保支援",
        "text_en": None,
        "text_ja": (
            "日本政府は、国内事業者による海底ケーブル敷設・修理船の新造・取得を支援し、米国と協力して有事の修理"
            "能力を確保すべきである。アジア太平洋地域の修理船は不足・老朽化しており、損傷時の復旧に長期間を要する"
            "おそれがある。"
        ),
        "addressees": ["government_of_japan", "private_sector"],
        "priority": False,
        "topic": "telecommunications-infrastructure",
        "event": "ws-2023-space-telecom",
        "publication": "wr-2023-space-telecom",
        "supersedes": None,
        "internal_notes": "English version pending; translation pending review.",
        "history": [
            ("2023-11-02", "proposed", "Published in the workshop report.", "", []),
            ("2024-12-27", "under_consideration",
             "The Cabinet's draft budget included support for undersea cable repair capacity.",
             "", ["https://www.soumu.go.jp/main_sosiki/joho_tsusin/eng/pressrelease/2024/12/27_01.html"]),
            ("2026-07-28", "in_progress",
             "A Japanese cable operator ordered a new cable-laying and repair vessel with government support.",
             "", ["https://www.soumu.go.jp/menu_news/s-news/01kiban02_02000500.html"]),
        ],
    },
    {
        "key": "6g-joint-positions",
        "title_en": "Coordinate joint positions on 6G standards at ITU and 3GPP",
        "title_ja": "ITU及び3GPPにおける6G標準化の日米共同ポジションの調整",
        "text_en": (
            "The FCC, NTIA and Japan's Ministry of Internal Affairs and Communications should "
            "coordinate positions for ITU-R IMT-2030 and the 3GPP 6G study items, and encourage US "
            "and Japanese firms to co-author contributions. Early alignment on spectrum and security "
            "requirements would strengthen trusted vendors' influence on the standard."
        ),
        "text_ja": (
            "米連邦通信委員会（FCC）、米国家電気通信情報庁（NTIA）と総務省は、ITU-RのIMT-2030及び3GPPの6G"
            "検討項目に向けたポジションを調整し、日米企業による共同寄書を奨励すべきである。周波数とセキュリティ要件"
            "について早期に足並みをそろえることで、信頼できるベンダーの標準への影響力が高まる。"
        ),
        "addressees": ["us_government", "government_of_japan", "private_sector"],
        "priority": False,
        "topic": "international-standards",
        "event": "ws-2023-space-telecom",
        "publication": "wr-2023-space-telecom",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-11-02", "proposed", "Published in the workshop report.", "", []),
            ("2024-04-10", "under_consideration",
             "The leaders' joint statement pledged cooperation on next-generation telecommunications standards.",
             "", ["https://www.whitehouse.gov/briefing-room/statements-releases/2024/04/10/united-states-japan-joint-leaders-statement/"]),
            ("2026-06-25", "in_progress",
             "US and Japanese companies submitted jointly authored 6G contributions to a 3GPP plenary, "
             "with support from both governments.",
             "", ["https://www.soumu.go.jp/main_sosiki/joho_tsusin/eng/pressrelease/2026/6/25_1.html"]),
        ],
    },
    {
        "key": "leo-backup-communications",
        "title_en": "Contract commercial satellite communications for crisis resilience",
        "title_ja": "危機時の通信確保に向けた商用衛星通信の活用",
        "text_en": (
            "Japanese ministries and US Forces Japan should pre-arrange access to several commercial "
            "low-Earth-orbit constellations as backup for terrestrial and undersea links. Contracts "
            "should cover remote islands and be tested in joint disaster-response drills."
        ),
        "text_ja": (
            "日本の関係省庁と在日米軍は、地上回線や海底ケーブルのバックアップとして、複数の商用低軌道衛星"
            "コンステレーションの利用をあらかじめ確保すべきである。契約は離島を対象に含め、日米共同の防災訓練で"
            "検証すべきである。"
        ),
        "addressees": ["government_of_japan", "us_government", "private_sector"],
        "priority": False,
        "topic": "telecommunications-infrastructure",
        "event": "ws-2023-space-telecom",
        "publication": "wr-2023-space-telecom",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-11-02", "proposed", "Published in the workshop report.", "", []),
            ("2026-09-01", "under_consideration",
             "Japan's national disaster-response drill tested backup satellite links for remote islands.",
             "", ["https://www.bousai.go.jp/kyoiku/bousai_day/2026/index.html"]),
        ],
    },
    {
        "key": "dynamic-spectrum-sharing",
        "title_en": "Study dynamic spectrum sharing between military and commercial users",
        "title_ja": None,
        "text_en": (
            "US and Japanese regulators and defense ministries should share lessons on dynamic "
            "spectrum sharing, such as the US CBRS model, to open mid-band spectrum for 5G and 6G "
            "while protecting military radars. A joint pilot near a US facility in Japan could test "
            "the approach."
        ),
        "text_ja": None,
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "telecommunications-infrastructure",
        "event": "ws-2023-space-telecom",
        "publication": "wr-2023-space-telecom",
        "supersedes": None,
        "internal_notes": "No response yet; raise at the next MIC contact.",
        "history": [
            ("2023-11-02", "proposed", "Published in the workshop report.", "", []),
        ],
    },
    # ---- Public symposium: Connecting Alliance Innovation Ecosystems (2023-09-14) --------------
    {
        "key": "defense-innovation-link",
        "title_en": "Link US and Japanese defense innovation organizations",
        "title_ja": "日米の防衛イノベーション組織の連携",
        "text_en": (
            "The Defense Innovation Unit should sign a cooperation arrangement with Japan's planned "
            "defense innovation institute to run **joint challenge programs** in which start-ups from "
            "both countries compete for dual-use contracts. Shared solicitations would give small "
            "firms access to both defense markets."
        ),
        "text_ja": (
            "米国防イノベーション・ユニット（DIU）は、日本が新設を計画する防衛イノベーション研究機関と協力取決めを"
            "結び、両国のスタートアップが軍民両用の契約を競う**共同チャレンジ・プログラム**を実施すべきである。"
            "公募の共同化により、中小企業が両国の防衛市場にアクセスしやすくなる。"
        ),
        "addressees": ["us_government", "government_of_japan", "private_sector"],
        "priority": False,
        "topic": "scientific-research",
        "event": "sym-2023-technology",
        "publication": None,
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2023-09-29", "proposed",
             "Presented at the public symposium and shared with both governments.", "", []),
            ("2024-10-01", "under_consideration",
             "Japan's Defense Innovation Science and Technology Institute was launched within the "
             "Acquisition, Technology & Logistics Agency.",
             "", ["https://www.mod.go.jp/atla/en/news/2024/10/01.html"]),
            ("2026-08-18", "in_progress",
             "DIU and the Japanese institute announced their first joint solicitation, on autonomous maritime systems.",
             "", ["https://www.defense.gov/News/Releases/Release/Article/4270550/"]),
        ],
    },
    {
        "key": "tech-policy-fellowship",
        "title_en": "Create a bilateral technology-policy fellowship",
        "title_ja": "日米テクノロジー政策フェローシップの創設",
        "text_en": (
            "Foundations, companies and both governments should fund a fellowship that places "
            "mid-career technologists in the other country's government agencies or think tanks for "
            "six to twelve months. The program would grow a **new generation of alliance technology "
            "talent** fluent in both policy systems."
        ),
        "text_ja": (
            "財団、企業、両国政府は、中堅の技術者を相手国の政府機関やシンクタンクに6〜12か月派遣するフェローシップ"
            "に資金を拠出すべきである。同制度は、両国の政策決定の仕組みに通じた**次世代の日米技術人材**を育成する。"
        ),
        "addressees": ["private_sector", "other", "both_governments"],
        "priority": False,
        "topic": "scientific-research",
        "event": "sym-2023-technology",
        "publication": None,
        "supersedes": None,
        "internal_notes": "Sasakawa USA is one of the conveners of the feasibility study; disclose this in any public reference.",
        "history": [
            ("2023-09-29", "proposed", "Presented at the public symposium.", "", []),
            ("2026-10-06", "under_consideration",
             "A group of foundations and companies announced a feasibility study for a bilateral technology-policy fellowship.",
             "", ["https://spfusa.org/news/technology-policy-fellowship-feasibility-study/"]),
        ],
    },
    # ---- Scholar article: Seeing the Whole Sea (2024-05-07) -----------------------------------
    {
        "key": "ecs-mda-fusion",
        "title_en": "Build a shared maritime domain awareness picture of the East China Sea",
        "title_ja": "東シナ海における共通の海洋状況把握（MDA）体制の構築",
        "text_en": (
            "The JMSDF, Japan Coast Guard, US Navy and US Coast Guard should fuse their sensor data "
            "into a **single maritime picture** of the East China Sea, with releasable layers that can "
            "be shared with the Philippines and other partners. Commercial satellite data, including "
            "radio-frequency detection of vessels that switch off AIS, should be integrated."
        ),
        "text_ja": (
            "海上自衛隊、海上保安庁、米海軍、米沿岸警備隊は、各自のセンサー情報を統合して東シナ海の**単一の"
            "海洋状況図**を作成し、フィリピンなどのパートナーと共有できる開示可能なレイヤーを設けるべきである。"
            "AISを停止した船舶の電波による探知を含め、商用衛星データも統合すべきである。"
        ),
        "addressees": ["both_governments"],
        "priority": True,
        "topic": "east-china-sea",
        "event": "conf-2024-maritime",
        "publication": "sa-2024-ecs-mda",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-05-07", "proposed", "Published in a non-resident scholar article.", "", []),
            ("2024-07-28", "under_consideration",
             "The 2+2 joint statement called for enhanced bilateral maritime domain awareness cooperation.",
             "", ["https://www.mofa.go.jp/na/st/page1e_000600.html"]),
            ("2026-07-07", "in_progress",
             "The Japan Coast Guard and US Coast Guard began exchanging vessel-tracking data for the "
             "East China Sea under a new arrangement.",
             "", ["https://www.kaiho.mlit.go.jp/e/info/2026/0707.html"]),
        ],
    },
    {
        "key": "trilateral-coast-guard",
        "title_en": "Regularize trilateral coast guard cooperation with the Philippines",
        "title_ja": "フィリピンを含む日米比海上保安機関協力の定例化",
        "text_en": (
            "The Japan Coast Guard and US Coast Guard should turn ad hoc trilateral exercises with the "
            "Philippine Coast Guard into an **annual program** with a joint capacity-building plan "
            "covering training, vessel maintenance and maritime law enforcement. Regular cooperation "
            "signals a shared commitment to the rule of law at sea."
        ),
        "text_ja": (
            "海上保安庁と米沿岸警備隊は、フィリピン沿岸警備隊とのこれまでの臨時的な三か国訓練を、訓練、船艇整備、"
            "海上法執行を含む共同能力構築計画を伴う**年次プログラム**へと発展させるべきである。定例化された協力は、"
            "海洋における法の支配への共通のコミットメントを示す。"
        ),
        "addressees": ["us_government", "government_of_japan", "multilateral"],
        "priority": False,
        "topic": "freedom-of-navigation",
        "event": "conf-2024-maritime",
        "publication": "sa-2024-ecs-mda",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-05-07", "proposed", "Published in a non-resident scholar article.", "", []),
            ("2024-06-20", "under_consideration",
             "The three coast guards held a trilateral exercise and agreed to explore expanded joint training.",
             "", ["https://www.kaiho.mlit.go.jp/e/info/2024/0620.html"]),
            ("2026-06-12", "in_progress",
             "The three coast guards agreed to draw up an annual cooperation plan that includes a capacity-building program.",
             "", ["https://www.state.gov/japan-philippines-united-states-coast-guard-cooperation-2026/"]),
        ],
    },
    {
        "key": "ipmda-dark-vessel-data",
        "title_en": "Share dark-vessel data with Pacific Island and Southeast Asian partners",
        "title_ja": None,
        "text_en": (
            "The United States and Japan should expand their contributions to the Quad's "
            "[Indo-Pacific Partnership for Maritime Domain Awareness](https://www.mofa.go.jp/fp/nsp/page1e_000900.html) "
            "so that partners receive timely data on illegal fishing and dark vessels in their "
            "exclusive economic zones. Training and analytic support should accompany the data."
        ),
        "text_ja": None,
        "addressees": ["us_government", "government_of_japan", "multilateral"],
        "priority": False,
        "topic": "freedom-of-navigation",
        "event": "conf-2024-maritime",
        "publication": "sa-2024-ecs-mda",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-05-07", "proposed", "Published in a non-resident scholar article.", "", []),
            ("2024-09-21", "under_consideration",
             "Quad leaders announced an expansion of the Indo-Pacific Partnership for Maritime Domain Awareness.",
             "", ["https://www.mofa.go.jp/fp/nsp/page1e_000900.html"]),
            ("2026-08-25", "in_progress",
             "Japan announced funding for maritime domain awareness data services and analyst training "
             "for Pacific Island partners.",
             "", ["https://www.mofa.go.jp/press/release/pressite_000001_02600.html"]),
        ],
    },
    {
        "key": "seabed-rare-earths",
        "title_en": "Cooperate on deep-sea rare earth resources around Minamitorishima",
        "title_ja": "南鳥島周辺海域のレアアース泥開発における日米協力",
        "text_en": (
            "Japan should invite US partners to join research and pilot recovery of rare-earth-rich "
            "mud in its exclusive economic zone around Minamitorishima, under strict environmental "
            "safeguards. Both governments should agree on offtake and processing arrangements so "
            "that the resource contributes to allied supply chains."
        ),
        "text_ja": (
            "日本は、環境保全措置を講じた上で、南鳥島周辺の排他的経済水域におけるレアアース泥の調査・試験採取に"
            "米国パートナーの参加を求めるべきである。両政府は、この資源が同盟国のサプライチェーンに寄与するよう、"
            "引取り・精錬の枠組みについて合意すべきである。"
        ),
        "addressees": ["government_of_japan", "us_government"],
        "priority": False,
        "topic": "freedom-of-navigation",
        "event": "conf-2024-maritime",
        "publication": "sa-2024-ecs-mda",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-05-07", "proposed", "Published in a non-resident scholar article.", "", []),
            ("2025-10-28", "under_consideration",
             "The two governments' framework on critical minerals and rare earths opened a channel for "
             "joint project proposals, including seabed resources.",
             "", ["https://www.meti.go.jp/press/2025/10/20251028004/20251028004.html"]),
            ("2026-07-30", "in_progress",
             "JAMSTEC reported results of a test recovery of rare-earth mud near Minamitorishima and "
             "invited proposals for international cooperation on processing.",
             "", ["https://www.jamstec.go.jp/e/about/press_release/20260730/"]),
        ],
    },
    {
        "key": "excessive-claims-report",
        "title_en": "Publish an annual Japanese report on excessive maritime claims",
        "title_ja": "過度な海洋権益主張に関する年次報告書の公表",
        "text_en": (
            "Japan's Ministry of Foreign Affairs should publish an annual report documenting "
            "excessive maritime claims in the region, similar to the US Freedom of Navigation Report. "
            "A public record would reinforce Japan's legal position and support partners facing "
            "similar claims."
        ),
        "text_ja": (
            "外務省は、米国の「航行の自由報告書」と同様に、地域における過度な海洋権益主張を記録した年次報告書を"
            "公表すべきである。公開の記録は日本の法的立場を補強し、同様の主張に直面するパートナーを支援する。"
        ),
        "addressees": ["government_of_japan"],
        "priority": False,
        "topic": "freedom-of-navigation",
        "event": "conf-2024-maritime",
        "publication": "sa-2024-ecs-mda",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-05-07", "proposed", "Published in a non-resident scholar article.", "", []),
            ("2024-11-12", "under_consideration",
             "MOFA acknowledged the proposal in a Diet committee answer on maritime legal diplomacy.",
             "", ["https://www.mofa.go.jp/mofaj/gaiko/kaiyo/index.html"]),
            ("2025-09-30", "not_adopted",
             "MOFA indicated it would continue to address excessive claims through existing statements "
             "and legal analyses rather than a dedicated annual report.",
             "", ["https://www.mofa.go.jp/mofaj/press/kaiken/kaiken24_000123.html"]),
        ],
    },
    # ---- Policy recommendations: Countering Economic Coercion (2024-06-12) --------------------
    {
        "key": "anti-coercion-toolkit",
        "title_en": "Agree a joint anti-coercion toolkit in advance",
        "title_ja": "経済的威圧への対抗措置（ツールキット）の事前合意",
        "text_en": (
            "Both governments should agree **in advance** on a menu of responses to economic coercion "
            "against either country:\n\n"
            "1. emergency purchases and market-diversification support for targeted sectors;\n"
            "2. coordinated trade remedies and WTO action;\n"
            "3. joint public attribution.\n\n"
            "Pre-agreement shortens response time and strengthens deterrence."
        ),
        "text_ja": (
            "両政府は、いずれかの国に対する経済的威圧への対応策のメニューを**事前に**合意すべきである。\n\n"
            "1. 標的となった産業に対する緊急調達と販路多様化の支援\n"
            "2. 貿易救済措置及びWTO手続の協調\n"
            "3. 共同での公的な帰属表明\n\n"
            "事前の合意は対応時間を短縮し、抑止力を高める。"
        ),
        "addressees": ["both_governments"],
        "priority": True,
        "topic": "economic-coercion",
        "event": "int-2024-economic-coercion",
        "publication": "pr-2024-economic-coercion",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-06-12", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2024-11-20", "under_consideration",
             "Officials discussed coordinated responses to coercion at a working-level Economic 2+2 meeting.",
             "Source: background call with a State Department official.",
             ["https://www.state.gov/u-s-japan-economic-2-plus-2-working-level-meeting/"]),
            ("2026-07-09", "in_progress",
             "The two governments agreed on a set of coordinated response options in an annex to the Economic 2+2 joint statement.",
             "", ["https://www.mofa.go.jp/files/100812345.pdf"]),
        ],
    },
    {
        "key": "coercion-early-warning",
        "title_en": "Share early-warning indicators of economic coercion with industry",
        "title_ja": "経済的威圧の早期警戒指標の産業界との共有",
        "text_en": (
            "Both governments should develop a shared set of **early-warning indicators**, such as "
            "sudden customs holds, informal boycotts and license delays, and brief exposed companies "
            "through existing public-private channels. Companies should in turn be able to report "
            "incidents confidentially."
        ),
        "text_ja": (
            "両政府は、突然の通関保留、非公式の不買運動、許認可の遅延などの**早期警戒指標**を共同で整備し、既存の"
            "官民の枠組みを通じて影響を受けやすい企業に情報提供すべきである。企業側も事案を秘密裏に報告できるように"
            "すべきである。"
        ),
        "addressees": ["both_governments", "private_sector"],
        "priority": False,
        "topic": "economic-coercion",
        "event": "int-2024-economic-coercion",
        "publication": "pr-2024-economic-coercion",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-06-12", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2026-06-03", "under_consideration",
             "METI opened a consultation desk for companies affected by economic coercion and invited incident reports.",
             "", ["https://www.meti.go.jp/policy/economy/economic_security/consultation.html"]),
        ],
    },
    {
        "key": "critical-minerals-stockpiles",
        "title_en": "Coordinate critical mineral stockpiles",
        "title_ja": "重要鉱物の備蓄に関する日米協調",
        "text_en": (
            "JOGMEC and the US Defense Logistics Agency should coordinate stockpiling targets and "
            "release rules for gallium, germanium, graphite and rare earths, and consider joint "
            "purchases. Coordinated stockpiles would blunt the impact of export restrictions imposed "
            "by third countries."
        ),
        "text_ja": (
            "エネルギー・金属鉱物資源機構（JOGMEC）と米国防兵站局（DLA）は、ガリウム、ゲルマニウム、黒鉛、"
            "レアアースの備蓄目標と放出ルールを調整し、共同購入も検討すべきである。協調した備蓄は、第三国による"
            "輸出規制の影響を緩和する。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "economic-coercion",
        "event": "int-2024-economic-coercion",
        "publication": "pr-2024-economic-coercion",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-06-12", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2025-02-28", "under_consideration",
             "JOGMEC and US agencies held a first working-level exchange on stockpiling practices.",
             "", ["https://www.jogmec.go.jp/english/news/release/news_2025022801.html"]),
            ("2025-10-28", "implemented",
             "The two governments signed a framework on critical minerals and rare earths that provides "
             "for coordination on stockpiles.",
             "", ["https://www.whitehouse.gov/briefings-statements/2025/10/united-states-japan-framework-for-securing-the-supply-of-critical-minerals-and-rare-earths/"]),
        ],
    },
    {
        "key": "coercion-trade-insurance",
        "title_en": "Offer trade insurance to firms hit by economic coercion",
        "title_ja": "経済的威圧の影響を受けた企業に対する貿易保険の提供",
        "text_en": (
            "NEXI and the US International Development Finance Corporation should design a joint "
            "insurance product covering losses from politically motivated trade restrictions, so that "
            "firms are not deterred from markets exposed to coercion. Premiums could be subsidized "
            "for small and medium-sized enterprises."
        ),
        "text_ja": (
            "日本貿易保険（NEXI）と米国際開発金融公社（DFC）は、政治的動機による貿易制限から生じる損失を補償する"
            "共同保険商品を設計し、企業が威圧を受けやすい市場から撤退しないようにすべきである。中小企業の保険料には"
            "補助を検討すべきである。"
        ),
        "addressees": ["us_government", "government_of_japan", "private_sector"],
        "priority": False,
        "topic": "economic-coercion",
        "event": "int-2024-economic-coercion",
        "publication": "pr-2024-economic-coercion",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-06-12", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2024-10-15", "under_consideration",
             "NEXI said it was studying coverage for losses caused by politically motivated trade measures.",
             "", ["https://www.nexi.go.jp/en/topics/newsrelease/2024101501.html"]),
            ("2025-07-01", "not_adopted",
             "NEXI concluded that existing political-risk coverage is sufficient and did not create a new "
             "product; DFC did not take up the proposal.",
             "", ["https://www.nexi.go.jp/en/topics/newsrelease/2025070101.html"]),
        ],
    },
    {
        "key": "anti-coercion-legal-authority",
        "title_en": None,
        "title_ja": "経済的威圧に対抗する国内法上の権限の整備",
        "text_en": None,
        "text_ja": (
            "日本政府は、EUの反威圧措置規則（ACI）も参考に、第三国による経済的威圧に対して関税措置や投資・調達の"
            "制限などで対抗できる国内法上の権限を整備すべきである。明確な法的根拠は抑止力を高めるとともに、同盟国"
            "との共同対応を容易にする。"
        ),
        "addressees": ["government_of_japan"],
        "priority": False,
        "topic": "economic-coercion",
        "event": "int-2024-economic-coercion",
        "publication": "pr-2024-economic-coercion",
        "supersedes": None,
        "internal_notes": "Translation pending review; English version to be added before the board meeting.",
        "history": [
            ("2024-06-12", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2025-01-22", "under_consideration",
             "The government's expert council on economic security listed anti-coercion legal authorities "
             "among issues for further study.",
             "", ["https://www.cao.go.jp/keizai_anzen_hosho/suishinkaigi/2025/0122.html"]),
        ],
    },
    # ---- Policy recommendations: AI, Data and Standards (2024-12-17) --------------------------
    {
        "key": "ai-safety-joint-testing",
        "title_en": "Run joint safety evaluations between the US and Japanese AI safety institutes",
        "title_ja": "日米のAIセーフティ・インスティテュートによる共同安全性評価",
        "text_en": (
            "The US AI Safety Institute and Japan's AI Safety Institute (J-AISI) should conduct "
            "**joint pre-deployment evaluations** of frontier models, share test methods and publish "
            "common evaluation reports where possible. Joint testing would spare developers duplicate "
            "work and build a shared technical basis for AI governance."
        ),
        "text_ja": (
            "米国AIセーフティ・インスティテュートと日本のAIセーフティ・インスティテュート（J-AISI）は、最先端"
            "モデルの**公開前の共同評価**を実施し、評価手法を共有し、可能な範囲で共通の評価報告書を公表すべきで"
            "ある。共同評価は開発者の重複作業を避け、AIガバナンスの共通の技術的基盤を築く。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": True,
        "topic": "artificial-intelligence",
        "event": "conf-2024-ai-standards",
        "publication": "pr-2024-ai-standards",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-12-17", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2025-02-14", "in_progress",
             "The two institutes completed a joint testing exercise on multilingual model evaluation within "
             "the international network of AI safety institutes.",
             "", ["https://aisi.go.jp/news/2025/0214/"]),
            ("2026-06-11", "under_consideration",
             "Joint testing was paused while the US Center for AI Standards and Innovation, successor to the "
             "US institute, revises its international work program.",
             "Check with the CAISI international engagement desk officer before the next board update.",
             ["https://www.commerce.gov/news/press-releases/2026/06/caisi-international-engagement"]),
        ],
    },
    {
        "key": "sc42-joint-positions",
        "title_en": "Coordinate positions on AI standards in ISO/IEC JTC 1/SC 42",
        "title_ja": "ISO/IEC JTC 1/SC 42におけるAI標準の日米ポジション調整",
        "text_en": (
            "ANSI and Japan's JISC should hold regular pre-meeting consultations on AI standards "
            "under development in ISO/IEC JTC 1/SC 42, especially on management systems, risk and "
            "conformity assessment. Where positions coincide, US and Japanese experts should co-lead "
            "projects."
        ),
        "text_ja": (
            "米国規格協会（ANSI）と日本産業標準調査会（JISC）は、ISO/IEC JTC 1/SC 42で策定中のAI規格、特に"
            "マネジメントシステム、リスク、適合性評価について、会合前の定期協議を行うべきである。立場が一致する分野"
            "では、日米の専門家がプロジェクトを共同で主導すべきである。"
        ),
        "addressees": ["us_government", "government_of_japan", "multilateral"],
        "priority": False,
        "topic": "international-standards",
        "event": "conf-2024-ai-standards",
        "publication": "pr-2024-ai-standards",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-12-17", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2025-05-20", "under_consideration",
             "ANSI and JISC discussed AI standards coordination at their annual bilateral meeting.",
             "", ["https://www.jisc.go.jp/eng/news/2025/0520.html"]),
            ("2026-10-02", "in_progress",
             "US and Japanese experts were appointed co-editors of a new SC 42 project on AI conformity assessment.",
             "", ["https://www.meti.go.jp/press/2026/10/20261002001/20261002001.html"]),
        ],
    },
    {
        "key": "ai-chip-diversion",
        "title_en": "Jointly prevent diversion of advanced AI chips",
        "title_ja": "先端AI半導体の迂回輸出防止に向けた日米協力",
        "text_en": (
            "Both governments should share data on suspicious transshipment of advanced AI "
            "accelerators and coordinate **know-your-customer requirements** for data centers and "
            "cloud providers in third countries. Japan should consider parallel controls where US "
            "rules leave gaps that Japanese suppliers could fill."
        ),
        "text_ja": (
            "両政府は、先端AIアクセラレーターの不審な積替え輸出に関する情報を共有し、第三国のデータセンターや"
            "クラウド事業者に対する**顧客確認（KYC）要件**を調整すべきである。日本は、米国の規制に生じる隙間を"
            "日本の供給者が埋めることのないよう、並行した規制を検討すべきである。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "export-controls",
        "event": "conf-2024-ai-standards",
        "publication": "pr-2024-ai-standards",
        "supersedes": None,
        "internal_notes": "Ask the METI Security Export Control Policy Division desk officer about Japan's view of replacement rules.",
        "history": [
            ("2024-12-17", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2025-01-15", "in_progress",
             "The Commerce Department issued an interim final rule on AI diffusion setting licensing and "
             "security requirements for advanced chips and model weights.",
             "", ["https://www.commerce.gov/news/press-releases/2025/01/framework-artificial-intelligence-diffusion"]),
            ("2025-05-13", "under_consideration",
             "The AI diffusion rule was rescinded before taking effect; a replacement approach to chip "
             "diversion is under review.",
             "", ["https://www.commerce.gov/news/press-releases/2025/05/department-commerce-rescinds-ai-diffusion-rule"]),
        ],
    },
    {
        "key": "hiroshima-ai-reporting",
        "title_en": "Back the Hiroshima AI Process Code of Conduct with a reporting framework",
        "title_ja": "広島AIプロセス行動規範の報告枠組みによる実効性確保",
        "text_en": (
            "G7 members should ask the OECD to launch a voluntary reporting framework under which "
            "developers of advanced AI systems explain how they apply the Hiroshima AI Process Code "
            "of Conduct. Japan and the United States should encourage their leading developers to "
            "report in the first round."
        ),
        "text_ja": (
            "G7各国は、高度なAIシステムの開発者が広島AIプロセス行動規範の実施状況を報告する任意の報告枠組みの"
            "立ち上げをOECDに求めるべきである。日米は、自国の主要な開発者に初回からの報告を働きかけるべきである。"
        ),
        "addressees": ["multilateral", "both_governments", "private_sector"],
        "priority": False,
        "topic": "artificial-intelligence",
        "event": "conf-2024-ai-standards",
        "publication": "pr-2024-ai-standards",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-12-17", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2025-02-07", "implemented",
             "The OECD launched the reporting framework for the Hiroshima AI Process International Code of Conduct.",
             "", ["https://www.soumu.go.jp/hiroshimaaiprocess/en/news.html"]),
        ],
    },
    {
        "key": "standards-leadership-funding",
        "title_en": "Fund private-sector experts to take leadership roles in standards bodies",
        "title_ja": "国際標準化機関で主導的役割を担う民間専門家への資金支援",
        "text_en": (
            "Both governments should co-fund travel, membership and secretariat costs so that experts "
            "from US and Japanese companies, universities and start-ups can take **leadership roles** "
            "(convenors, editors, chairs) in ISO, IEC, ITU and 3GPP. Companies should recognize "
            "standards work in career paths."
        ),
        "text_ja": (
            "両政府は、日米の企業、大学、スタートアップの専門家がISO、IEC、ITU、3GPPで**主導的役割**"
            "（コンビーナ、エディタ、議長）を担えるよう、渡航費、会費、幹事国業務の費用を共同で支援すべきである。"
            "企業も標準化活動をキャリアパスの中で評価すべきである。"
        ),
        "addressees": ["both_governments", "private_sector"],
        "priority": False,
        "topic": "international-standards",
        "event": "conf-2024-ai-standards",
        "publication": "pr-2024-ai-standards",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-12-17", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2025-06-06", "under_consideration",
             "Japan's updated intellectual property and standards strategy called for expanding support for "
             "standards leadership roles.",
             "", ["https://www.kantei.go.jp/jp/singi/titeki2/kettei/chizaikeikaku2025.html"]),
            ("2026-09-22", "in_progress",
             "METI launched a grant program for Japanese experts taking leadership roles in international standards bodies.",
             "", ["https://www.meti.go.jp/press/2026/09/20260922003/20260922003.html"]),
        ],
    },
    {
        "key": "research-compute-access",
        "title_en": "Open national AI research compute to each other's researchers",
        "title_ja": None,
        "text_en": (
            "The US National AI Research Resource pilot and Japan's public AI computing "
            "infrastructure should grant reciprocal access to researchers from the other country for "
            "joint projects. Shared compute would enable larger joint studies on AI safety and AI "
            "for science."
        ),
        "text_ja": None,
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "scientific-research",
        "event": "conf-2024-ai-standards",
        "publication": "pr-2024-ai-standards",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2024-12-17", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2025-04-08", "under_consideration",
             "The NAIRR pilot invited proposals for international partnerships.",
             "", ["https://www.nsf.gov/focus-areas/ai/nairr"]),
            ("2026-03-31", "not_adopted",
             "The NAIRR pilot's international track closed without adding reciprocal access for foreign researchers.",
             "", ["https://www.nsf.gov/news/nairr-pilot-update"]),
        ],
    },
    # ---- Workshop report: From Announcement to Operation (2025-06-24) -------------------------
    {
        "key": "jfhq-forward-element-ichigaya",
        "title_en": "Co-locate a forward element of the USFJ joint force headquarters with the Joint Operations Command",
        "title_ja": "在日米軍統合軍司令部の前方要素の統合作戦司令部との同居",
        "text_en": (
            "The upgraded USFJ headquarters should place a forward element at the Ministry of Defense "
            "compound in Ichigaya, next to the JSDF Joint Operations Command. Daily co-location "
            "matters more than formal command arrangements for building the habits of combined "
            "planning."
        ),
        "text_ja": (
            "改編後の在日米軍司令部は、防衛省市ヶ谷庁舎の自衛隊統合作戦司令部に隣接して前方要素を配置すべきである。"
            "共同計画の習慣を築くうえでは、形式的な指揮関係よりも日常的な同居が重要である。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": True,
        "topic": "command-and-control",
        "event": "ws-2025-c2-implementation",
        "publication": "wr-2025-c2-implementation",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2025-06-24", "proposed", "Published in the workshop report.", "", []),
            ("2026-07-16", "under_consideration",
             "Defense officials said options for locating USFJ staff near the Joint Operations Command are under study.",
             "Source: background call with a Joint Staff desk officer.",
             ["https://www.defense.gov/News/Transcripts/Transcript/Article/4251873/"]),
        ],
    },
    {
        "key": "combined-planning-cell",
        "title_en": "Create a standing combined operational planning cell",
        "title_ja": "常設の日米共同作戦計画セルの設置",
        "text_en": (
            "The Joint Operations Command and USFJ should form a standing planning cell, staffed by "
            "both sides, to maintain and exercise bilateral contingency plans. The cell needs "
            "**secure collaboration tools** that work across both sides' networks."
        ),
        "text_ja": (
            "統合作戦司令部と在日米軍は、双方の要員からなる常設の計画セルを設け、日米共同計画の維持と演習による"
            "検証を行うべきである。同セルには、双方のネットワークにまたがる**安全な協働ツール**を整備すべきである。"
        ),
        "addressees": ["both_governments"],
        "priority": False,
        "topic": "command-and-control",
        "event": "ws-2025-c2-implementation",
        "publication": "wr-2025-c2-implementation",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2025-06-24", "proposed", "Published in the workshop report.", "", []),
            ("2025-11-04", "under_consideration",
             "Both defense ministries agreed to study standing bilateral planning arrangements.",
             "", ["https://www.mod.go.jp/j/press/news/2025/11/04a.html"]),
            ("2026-09-08", "in_progress",
             "A combined planning cell began work on a trial basis, according to a joint press release.",
             "", ["https://www.defense.gov/News/Releases/Release/Article/4290112/"]),
        ],
    },
    {
        "key": "c2-command-post-exercise",
        "title_en": "Test the new C2 arrangements in a dedicated annual command-post exercise",
        "title_ja": None,
        "text_en": (
            "Rather than adding C2 objectives to existing field exercises, both sides should hold an "
            "annual **command-post exercise** focused on the USFJ-JOC relationship, with red-teaming "
            "and an after-action report to the 2+2. The first iteration should take place within a "
            "year of the first phase of the USFJ upgrade."
        ),
        "text_ja": None,
        "addressees": ["both_governments"],
        "priority": False,
        "topic": "command-and-control",
        "event": "ws-2025-c2-implementation",
        "publication": "wr-2025-c2-implementation",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2025-06-24", "proposed", "Published in the workshop report.", "", []),
            ("2025-12-02", "under_consideration",
             "The defense ministries announced that C2 objectives would be added to the next bilateral command-post exercise.",
             "", ["https://www.mod.go.jp/j/press/news/2025/12/02a.html"]),
            ("2026-06-19", "in_progress",
             "A bilateral command-post exercise tested coordination procedures between the Joint Operations Command and USFJ.",
             "", ["https://www.defense.gov/News/Releases/Release/Article/4238960/"]),
        ],
    },
    {
        "key": "usfj-commander-rank",
        "title_en": "Elevate the USFJ commander to four-star rank",
        "title_ja": "在日米軍司令官の4つ星（大将）への格上げ",
        "text_en": (
            "To match the seniority of Japanese counterparts, the USFJ commander should be a "
            "four-star officer with direct access to the INDOPACOM commander and the Secretary of "
            "Defense. Rank parity would simplify day-to-day coordination and signal the weight of the "
            "upgraded command."
        ),
        "text_ja": (
            "日本側の対応者と釣り合うよう、在日米軍司令官を4つ星の大将とし、インド太平洋軍司令官及び国防長官への"
            "直接のアクセスを持たせるべきである。階級の釣り合いは日常的な調整を円滑にし、改編後の司令部の重みを"
            "示すことになる。"
        ),
        "addressees": ["us_government"],
        "priority": False,
        "topic": "command-and-control",
        "event": "ws-2025-c2-implementation",
        "publication": "wr-2025-c2-implementation",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2025-06-24", "proposed", "Published in the workshop report.", "", []),
            ("2025-08-19", "under_consideration",
             "A US defense official told a congressional hearing that the commander's rank would be "
             "considered in later phases of the USFJ upgrade.",
             "", ["https://www.defense.gov/News/Transcripts/Transcript/Article/4220715/"]),
        ],
    },
    {
        "key": "secure-c2-network",
        "title_en": "Build interoperable secure communications between the JSDF and US forces in Japan",
        "title_ja": "自衛隊と在日米軍の相互運用可能な秘匿通信網の整備",
        "text_en": (
            "Both sides should fund a common **secure data network** linking the Joint Operations "
            "Command, service component headquarters and USFJ, with agreed cross-domain solutions "
            "and cyber protection standards. Without it, new command structures will still depend on "
            "liaison officers passing information by hand."
        ),
        "text_ja": (
            "日米は、統合作戦司令部、各自衛隊の司令部、在日米軍を結ぶ共通の**秘匿データ通信網**に予算を措置し、"
            "クロスドメイン・ソリューションとサイバー防護基準について合意すべきである。これがなければ、新たな指揮"
            "機構も連絡官による手作業の情報伝達に依存し続けることになる。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "command-and-control",
        "event": "ws-2025-c2-implementation",
        "publication": "wr-2025-c2-implementation",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2025-06-24", "proposed", "Published in the workshop report.", "", []),
            ("2025-12-26", "under_consideration",
             "Japan's FY2026 defense budget, approved by the Cabinet, included funding for networks linking "
             "the Joint Operations Command with US forces.",
             "", ["https://www.mod.go.jp/j/budget/yosan_gaiyo/2026/yosan_20251226.pdf"]),
            ("2026-09-29", "in_progress",
             "Contracts were awarded for the first phase of a secure data link between the Joint Operations Command and USFJ.",
             "", ["https://www.mod.go.jp/atla/nyusatsu/2026/0929.html"]),
        ],
    },
    {
        "key": "peacetime-planning-legal-basis",
        "title_en": None,
        "title_ja": "平時からの日米共同計画・調整に関する法的・制度的整理",
        "text_en": None,
        "text_ja": (
            "日本政府は、統合作戦司令部と在日米軍による平時からの共同計画・共同調整について、自衛隊法や日米防衛"
            "協力のための指針との関係を整理し、それぞれの指揮系統の独立性を維持しつつ円滑な協働を可能にする制度的"
            "枠組みを明確にすべきである。国会及び国民への丁寧な説明も欠かせない。"
        ),
        "addressees": ["government_of_japan"],
        "priority": False,
        "topic": "command-and-control",
        "event": "ws-2025-c2-implementation",
        "publication": "wr-2025-c2-implementation",
        "supersedes": None,
        "internal_notes": "English version pending; translation pending review.",
        "history": [
            ("2025-06-24", "proposed", "Published in the workshop report.", "", []),
            ("2026-06-05", "under_consideration",
             "The Ministry of Defense stated in a Diet answer that it is reviewing procedures for bilateral "
             "planning with the upgraded USFJ.",
             "", ["https://www.mod.go.jp/j/press/kisha/2026/0605a.html"]),
        ],
    },
    # ---- Policy recommendations: Economic Security 2025 (2025-12-09) --------------------------
    {
        "key": "chip-tools-plurilateral",
        "title_en": "Create a plurilateral export-control arrangement for chip-making tools",
        "title_ja": "半導体製造装置に関する有志国輸出管理枠組みの創設",
        "text_en": (
            "The United States and Japan should lead a small plurilateral arrangement with the other "
            "main producers of semiconductor manufacturing equipment to agree **common control lists, "
            "licensing policy and servicing rules**, replacing ad hoc bilateral alignment. A standing "
            "secretariat and regular plenaries would make the arrangement predictable for industry."
        ),
        "text_ja": (
            "日米は、半導体製造装置の主要生産国による少数国の枠組みを主導し、**共通の規制リスト、許可方針、保守"
            "サービスに関する規則**に合意して、これまでの場当たり的な二国間の整合に代えるべきである。常設の事務局"
            "と定期的な全体会合を設けることで、産業界にとって予見可能な枠組みとなる。"
        ),
        "addressees": ["us_government", "government_of_japan", "multilateral"],
        "priority": True,
        "topic": "export-controls",
        "event": "conf-2025-economic-security",
        "publication": "pr-2025-economic-security",
        "supersedes": "chip-export-control-coordination",
        "internal_notes": "Follow up with the METI Security Export Control Policy Division desk officer.",
        "history": [
            ("2025-12-09", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2026-06-26", "under_consideration",
             "METI and the Commerce Department said they had begun exploratory talks with other "
             "equipment-producing countries on closer coordination.",
             "", ["https://www.meti.go.jp/press/2026/06/20260626002/20260626002.html"]),
        ],
    },
    {
        "key": "research-security-baseline",
        "title_en": "Adopt a common research security baseline for joint programs",
        "title_ja": "共同研究プログラムに共通する研究セキュリティ基準の採用",
        "text_en": (
            "Funding agencies should adopt a **common research security baseline**, covering "
            "disclosure forms, training and risk-review thresholds, for all jointly funded US-Japan "
            "programs. Universities should be able to satisfy both countries' requirements with a "
            "single submission."
        ),
        "text_ja": (
            "資金配分機関は、開示様式、研修、リスク審査の基準を含む**共通の研究セキュリティ基準**を、日米が共同で"
            "資金を拠出するすべてのプログラムに採用すべきである。大学が一度の提出で両国の要件を満たせるように"
            "すべきである。"
        ),
        "addressees": ["both_governments", "other"],
        "priority": False,
        "topic": "scientific-research",
        "event": "conf-2025-economic-security",
        "publication": "pr-2025-economic-security",
        "supersedes": "research-security-alignment",
        "internal_notes": "",
        "history": [
            ("2025-12-09", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2026-04-21", "under_consideration",
             "Japan's Cabinet Office and the US National Science Foundation discussed aligning research "
             "security requirements at a joint science and technology committee meeting.",
             "", ["https://www8.cao.go.jp/cstp/kokusaiteki/2026/0421.html"]),
            ("2026-08-27", "in_progress",
             "JST and NSF published a common disclosure template for a joint funding call.",
             "", ["https://www.jst.go.jp/EN/news/2026/0827.html"]),
        ],
    },
    {
        "key": "coercion-reinsurance-facility",
        "title_en": "Revisit trade insurance against economic coercion through a G7 facility",
        "title_ja": "G7の枠組みによる経済的威圧への貿易保険の再提案",
        "text_en": (
            "We repeat our 2024 recommendation in a new form: rather than a bilateral product, NEXI, "
            "the DFC and other G7 export credit agencies should create a **pooled reinsurance "
            "facility** for losses from politically motivated trade restrictions. Pooling spreads the "
            "risk and makes coverage credible for smaller firms."
        ),
        "text_ja": None,
        "addressees": ["multilateral", "private_sector"],
        "priority": False,
        "topic": "economic-coercion",
        "event": "conf-2025-economic-security",
        "publication": "pr-2025-economic-security",
        "supersedes": "coercion-trade-insurance",
        "internal_notes": "Japanese text pending translation.",
        "history": [
            ("2025-12-09", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2026-06-10", "under_consideration",
             "The G7 Coordination Platform on Economic Coercion listed resilience financing among topics for its 2026 work plan.",
             "", ["https://www.mofa.go.jp/ecm/es/page1e_002026.html"]),
        ],
    },
    {
        "key": "active-cyber-defense-coordination",
        "title_en": "Coordinate Japan's active cyber defense with US cyber operations",
        "title_ja": "日本の能動的サイバー防御と米国のサイバー作戦との連携",
        "text_en": (
            "As Japan implements its 2025 Active Cyber Defense legislation, the new National "
            "Cybersecurity Office, the JSDF and the National Police Agency should agree "
            "**deconfliction and information-sharing procedures** with US Cyber Command, the FBI and "
            "CISA. Joint exercises should test responses to attacks on critical infrastructure."
        ),
        "text_ja": (
            "日本が2025年の能動的サイバー防御関連法を施行するにあたり、国家サイバー統括室、自衛隊、警察庁は、"
            "米サイバー軍、FBI、CISAとの間で**作戦の相互調整と情報共有の手順**に合意すべきである。重要インフラへの"
            "攻撃への対処を共同演習で検証すべきである。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": True,
        "topic": "cybersecurity",
        "event": "conf-2025-economic-security",
        "publication": "pr-2025-economic-security",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2025-12-09", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2026-05-19", "under_consideration",
             "The bilateral cyber dialogue agreed to discuss coordination procedures for Japan's new active cyber defense authorities.",
             "", ["https://www.mofa.go.jp/fp/cs/page1e_002026.html"]),
            ("2026-10-20", "in_progress",
             "Japan and the United States held their first joint exercise on responding to cyberattacks "
             "against critical infrastructure under Japan's new authorities.",
             "", ["https://www.state.gov/u-s-japan-joint-cyber-exercise-2026/"]),
        ],
    },
    {
        "key": "critical-minerals-pipeline",
        "title_en": "Build a joint project pipeline under the critical minerals framework",
        "title_ja": "重要鉱物枠組みの下での共同案件パイプラインの構築",
        "text_en": (
            "To turn the October 2025 critical minerals framework into investment, JBIC, JOGMEC, the "
            "DFC and the Export-Import Bank of the United States should publish a **joint project "
            "pipeline** for mining, refining and recycling in third countries, pairing co-financing "
            "with offtake commitments. Progress should be reported at each Economic 2+2."
        ),
        "text_ja": (
            "2025年10月の重要鉱物に関する枠組みを投資につなげるため、JBIC、JOGMEC、DFC、米国輸出入銀行は、"
            "第三国での採掘、精錬、リサイクルに関する**共同案件パイプライン**を公表し、協調融資と引取り契約を"
            "組み合わせるべきである。進捗は経済版「2+2」の各会合で報告すべきである。"
        ),
        "addressees": ["us_government", "government_of_japan", "private_sector"],
        "priority": False,
        "topic": "economic-security",
        "event": "conf-2025-economic-security",
        "publication": "pr-2025-economic-security",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2025-12-09", "proposed", "Published in the policy recommendations paper.", "", []),
            ("2026-03-17", "under_consideration",
             "The two governments announced a first list of candidate projects under the critical minerals framework.",
             "", ["https://www.meti.go.jp/press/2026/03/20260317001/20260317001.html"]),
            ("2026-08-06", "in_progress",
             "JBIC and the DFC signed co-financing for a rare earth refining project in a third country.",
             "", ["https://www.jbic.go.jp/en/information/press/press-2026/0806-000000.html"]),
        ],
    },
    {
        "key": "shipbuilding-investment",
        "title_en": "Direct bilateral investment commitments toward shipbuilding capacity",
        "title_ja": None,
        "text_en": (
            "Both governments should prioritize **commercial and naval shipbuilding** within the "
            "investment commitments agreed in 2025, including Japanese investment in US yards, joint "
            "workforce training and shared design standards. Shipbuilding capacity is a strategic "
            "bottleneck for the alliance as a whole."
        ),
        "text_ja": None,
        "addressees": ["both_governments", "private_sector"],
        "priority": False,
        "topic": "economic-security",
        "event": "conf-2025-economic-security",
        "publication": "pr-2025-economic-security",
        "supersedes": None,
        "internal_notes": "Translation pending review. No response yet; raise with the Commerce Japan desk officer.",
        "history": [
            ("2025-12-09", "proposed", "Published in the policy recommendations paper.", "", []),
        ],
    },
    # ---- Drafts: roundtable report on data flows and digital currency (in preparation) --------
    {
        "key": "digital-currency-interoperability",
        "title_en": "Make digital currency pilots interoperable from the start",
        "title_ja": "デジタル通貨の実証実験における当初からの相互運用性の確保",
        "text_en": (
            "The Bank of Japan and the Federal Reserve Bank of New York should use their participation "
            "in multi-country projects on tokenized cross-border payments to test **interoperability "
            "between yen and dollar settlement assets**, including common messaging standards and "
            "data-protection rules. Findings should be published to guide private-sector stablecoin "
            "and tokenized deposit designs."
        ),
        "text_ja": (
            "日本銀行とニューヨーク連邦準備銀行は、トークン化されたクロスボーダー決済に関する多国間プロジェクトへの"
            "参加を通じて、共通のメッセージ標準やデータ保護ルールを含む**円建て・ドル建て決済資産の相互運用性**を"
            "検証すべきである。その結果を公表し、民間のステーブルコインやトークン化預金の設計の指針とすべきである。"
        ),
        "addressees": ["other", "multilateral"],
        "priority": False,
        "topic": "data-digital-currency",
        "event": "rt-2026-digital-currency",
        "publication": "rr-2026-digital-currency",
        "supersedes": None,
        "internal_notes": "Check wording with the central bank liaison before publication; no attribution to roundtable participants.",
        "history": [
            ("2026-07-02", "draft", "Drafted after the digital currency roundtable.", "", []),
        ],
    },
    {
        "key": "stablecoin-regulatory-dialogue",
        "title_en": "Launch a US-Japan regulatory dialogue on stablecoins",
        "title_ja": "ステーブルコインに関する日米規制当局間対話の開始",
        "text_en": (
            "With the 2025 US federal stablecoin law being implemented and Japan's stablecoin regime "
            "under the amended Payment Services Act in operation, the Treasury Department and Japan's "
            "Financial Services Agency should start a **regular regulatory dialogue** on reserve "
            "requirements, redemption rights and anti-money-laundering rules. Mutual understanding "
            "could open the way to recognized cross-border circulation of compliant stablecoins."
        ),
        "text_ja": (
            "米国で2025年の連邦ステーブルコイン法の施行準備が進み、日本でも改正資金決済法に基づく制度が運用される"
            "中、米財務省と金融庁は、準備資産要件、償還請求権、マネー・ローンダリング対策に関する**定期的な規制"
            "当局間対話**を開始すべきである。相互理解が進めば、規制に適合したステーブルコインの国境を越えた流通を"
            "認める道が開ける。"
        ),
        "addressees": ["us_government", "government_of_japan"],
        "priority": False,
        "topic": "data-digital-currency",
        "event": "rt-2026-digital-currency",
        "publication": "rr-2026-digital-currency",
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2026-07-02", "draft", "Drafted after the digital currency roundtable.", "", []),
        ],
    },
    {
        "key": "tokenized-deposit-pilot",
        "title_en": "Pilot cross-border tokenized deposit transfers between US and Japanese banks",
        "title_ja": None,
        "text_en": (
            "Major US and Japanese banks should run a supervised pilot of tokenized deposit transfers "
            "for trade settlement, with regulators observing under sandbox arrangements. The pilot "
            "should test sanctions screening and data-sharing controls alongside settlement speed."
        ),
        "text_ja": None,
        "addressees": ["private_sector"],
        "priority": False,
        "topic": "data-digital-currency",
        "event": "rt-2026-digital-currency",
        "publication": "rr-2026-digital-currency",
        "supersedes": None,
        "internal_notes": "Translation pending review.",
        "history": [
            ("2026-07-15", "draft", "Drafted after the digital currency roundtable.", "", []),
        ],
    },
    {
        "key": "payment-data-principles",
        "title_en": None,
        "title_ja": "決済データの越境移転に関する共通原則の策定",
        "text_en": None,
        "text_ja": (
            "日米は、デジタル決済の拡大に伴い、決済データの越境移転とプライバシー保護に関する共通原則を策定し、"
            "DFFTの枠組みの下で他国にも参加を呼びかけるべきである。データの国内保存要求の広がりは、相互運用性と"
            "不正対策の双方を損なうおそれがある。"
        ),
        "addressees": ["both_governments", "multilateral"],
        "priority": False,
        "topic": "data-digital-currency",
        "event": "rt-2026-digital-currency",
        "publication": "rr-2026-digital-currency",
        "supersedes": None,
        "internal_notes": "English version to be drafted by the Washington team.",
        "history": [
            ("2026-07-15", "draft", "Drafted after the digital currency roundtable.", "", []),
        ],
    },
    # ---- Drafts without a publication yet ----------------------------------------------------
    {
        "key": "quantum-testbed-program",
        "title_en": "Establish a joint quantum research testbed program",
        "title_ja": "量子技術の日米共同テストベッド事業の創設",
        "text_en": (
            "Both governments should co-fund researchers' access to each other's quantum computing "
            "testbeds and set up a joint program on **post-quantum cryptography migration** for "
            "critical infrastructure. The program should apply the common research security baseline."
        ),
        "text_ja": (
            "両政府は、互いの量子コンピュータ・テストベッドへの研究者のアクセスを共同で支援し、重要インフラの"
            "**耐量子計算機暗号への移行**に関する共同プログラムを設けるべきである。同プログラムには共通の研究"
            "セキュリティ基準を適用すべきである。"
        ),
        "addressees": ["both_governments"],
        "priority": False,
        "topic": "scientific-research",
        "event": None,
        "publication": None,
        "supersedes": None,
        "internal_notes": "Candidate for the 2026 Technology & Innovation conference agenda.",
        "history": [
            ("2026-09-10", "draft",
             "Drafted after staff consultations ahead of the 2026 Technology & Innovation conference.", "", []),
        ],
    },
    {
        "key": "debris-removal-demo",
        "title_en": "Partner on active debris removal demonstrations",
        "title_ja": None,
        "text_en": (
            "NASA, JAXA and commercial operators should plan a joint **active debris removal** "
            "demonstration, paired with shared norms for rendezvous and proximity operations. Joint "
            "work would model responsible behavior in orbit and support a growing commercial "
            "debris-removal industry in both countries."
        ),
        "text_ja": None,
        "addressees": ["us_government", "government_of_japan", "private_sector"],
        "priority": False,
        "topic": "space",
        "event": None,
        "publication": None,
        "supersedes": None,
        "internal_notes": "",
        "history": [
            ("2026-10-13", "draft", "Drafted after a staff review of space cooperation proposals.", "", []),
        ],
    },
]
