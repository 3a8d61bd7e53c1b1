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
    {"slug": "undersea-cables", "name_en": "Undersea cables", "name_ja": "海底ケーブル",
     "line": "technology-innovation", "parent": "telecommunications-infrastructure"},
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
]
