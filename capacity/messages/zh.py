"""Chinese messages, keyed by note code (the issue on the reader's language completes this table;
a code missing here is said in English)."""

MESSAGES: dict[str, str] = {
    "weak_source": "来源较弱（无署名机构及地址）",
    "about_within": "约{threshold}：在 ±{tol} 个百分点之内",
    "about_below": "比约{threshold}低 {tol} 个百分点以上",
}
