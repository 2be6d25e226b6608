"""The rule catalogue: every rule's id, default severity, meaning, fix and an example.

Rule ids are stable. `mkdocs.yml` (`playbook-checks: rules: {PB501: error}`) and the CLI
(`--rule PB501=error`) change severities; the rule reference page is generated from this list.
"""

from __future__ import annotations

from dataclasses import dataclass

from plugins.core.findings import Finding, Location, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One consistency rule."""

    id: str
    name: str
    severity: Severity
    group: str
    summary: str
    hint: str
    example: str

    def at(self, location: Location, message: str, hint: str | None = None) -> Finding:
        """A finding of this rule at `location`; `hint` replaces the rule's generic fix."""
        return Finding(
            location, self.id, self.severity, message, self.hint if hint is None else hint
        )


E, W = Severity.ERROR, Severity.WARNING

GROUPS = {
    "PB1": "Files and schema",
    "PB2": "Identity",
    "PB3": "References",
    "PB4": "Lifecycle",
    "PB5": "Review freshness",
    "PB6": "Structure",
    "PB7": "Links and navigation",
    "PB8": "Repository",
    "PB9": "KPI measurements",
    "PB95": "Maturity model",
}


_DEFINED: set[str] = set()


def _rule(
    rule_id: str, name: str, severity: Severity, summary: str, hint: str, example: str
) -> Rule:
    if rule_id in _DEFINED:  # two rules under one id: severities and baselines would mix them
        raise ValueError(f"rule id {rule_id} is defined twice")
    _DEFINED.add(rule_id)
    group = GROUPS.get(rule_id[:4]) or GROUPS[rule_id[:3]]  # "PB95": a group within PB9
    return Rule(rule_id, name, severity, group, summary, hint, example)


# ---- Files and schema -----------------------------------------------------------------------
YAML_SYNTAX = _rule(
    "PB100",
    "yaml-syntax",
    E,
    "The YAML (a data file, or a page's front matter) does not parse.",
    "Fix the YAML at the line shown; indent with spaces, and quote values that contain ': '.",
    "title: Launch: tier 1   # PB100 mapping values are not allowed here",
)
ENCODING = _rule(
    "PB101",
    "encoding",
    E,
    "The file is not valid UTF-8.",
    "Re-save the file as UTF-8 (in VS Code: 'Save with Encoding', then 'UTF-8').",
    "a Latin-1 'é' byte (0xE9) in a process page",
)
EMPTY_FILE = _rule(
    "PB102",
    "empty-file",
    E,
    "A data file is empty or holds only comments.",
    "Fill in the file from its template (`playbook new ...`) or delete it.",
    "data/roadmap/new-item.yml with no content",
)
FILE_TOO_LARGE = _rule(
    "PB103",
    "file-too-large",
    E,
    "A file is larger than the loader accepts (1 MiB for data, 2 MiB for pages).",
    "Split the content into several files; large attachments belong outside the playbook.",
    "a 10 MB YAML export committed under data/",
)
DUPLICATE_KEY = _rule(
    "PB104",
    "duplicate-key",
    E,
    "A mapping defines the same key twice; YAML would silently keep the last value.",
    "Remove one of the two keys, or merge their values.",
    "status: planned ... status: shipped   # in one roadmap item",
)
UNSUPPORTED_YAML = _rule(
    "PB105",
    "unsupported-yaml",
    E,
    "The YAML uses a feature the playbook does not accept: custom tags, merge keys, several "
    "documents, or aliases that expand too far.",
    "Write plain YAML: mappings, lists, strings, numbers, booleans and dates.",
    "owner: !!python/object:os.system rm   # PB105 tag not allowed",
)
UNREAD_FILE = _rule(
    "PB106",
    "unread-file",
    E,
    "A YAML file sits under the data directory where nothing reads it (a subfolder of "
    "`roadmap/` or `releases/`, or a folder the playbook does not know): its content would "
    "silently be missing from the site.",
    "Move it into the folder its kind is read from (`roadmap/`, `releases/`, "
    "`releases/unreleased/`; no subfolders), or out of the data directory.",
    "data/roadmap/2027/bulk-export.yml",
)
OUTSIDE_LINK = _rule(
    "PB107",
    "outside-link",
    E,
    "A file or folder under the docs or data directory is a symbolic link to a place outside "
    "the repository. It is not read and not published.",
    "Copy the content into the repository, or remove the link.",
    "playbook/passwd.md -> /etc/passwd",
)
LEFT_OUT = _rule(
    "PB108",
    "left-out",
    E,
    "A release, roadmap item, upcoming entry or registry item cannot be used and is left out of "
    "the site, while the problems that make it unusable are set below error (in `mkdocs.yml` or "
    "with `--rule`). Without this finding it would vanish with no word; its severity cannot be "
    "changed.",
    "Fix the problems reported for it (run with their default severities to see them all).",
    "a release with one over-long entry, with PB113 lowered to warn",
)
MISSING_KEY = _rule(
    "PB110",
    "missing-key",
    E,
    "A required key is missing.",
    "Add the key; `playbook schema` and the data reference page list every key.",
    "a roadmap item without `owner`",
)
UNKNOWN_KEY = _rule(
    "PB111",
    "unknown-key",
    E,
    "A key is not part of the format; usually a typo.",
    "Rename the key to the one suggested, or remove it.",
    "ownr: core-product   # did you mean 'owner'?",
)
WRONG_TYPE = _rule(
    "PB112",
    "wrong-type",
    E,
    "A value has the wrong type (text where a list is expected, and so on).",
    "Write the value in the expected form; lists are `[a, b]` or one `- item` per line.",
    "depends_on: bulk-export   # expected a list",
)
BAD_VALUE = _rule(
    "PB113",
    "bad-value",
    E,
    "A value is not one of the allowed values, does not match the expected pattern, or is too "
    "long or too short.",
    "Change the value as the message says: an allowed value, the expected form, or a length "
    "within the limit.",
    "status: done   # expected one of: proposed, planned, in-progress, shipped, cancelled",
)
YAML_TRAP = _rule(
    "PB114",
    "yaml-implicit-type",
    E,
    "YAML 1.1 turned text into something else: `yes`/`no`/`on`/`off` into a boolean, an unquoted "
    "date into a date, `1.10` into the number 1.1.",
    "Put the value in quotes.",
    'title: no   # read as the boolean false; write title: "no"',
)
UNWRITTEN = _rule(
    "PB115",
    "unwritten-text",
    W,
    "Text that `playbook new` left for the author (marked ✎) has not been written yet.",
    "Replace the ✎ line with real content.",
    'summary: "✎ One sentence: what this process achieves."',
)
COMMENT_CUTS_TEXT = _rule(
    "PB116",
    "comment-cuts-text",
    W,
    "Unquoted text is followed on its line by ` #word`, which YAML reads as a comment: everything "
    "from the `#` on (a Slack channel, a hashtag, an issue number) is silently dropped.",
    "Put the whole value in double quotes, or write the `#` with no space before it.",
    "definition: decided asynchronously in #launches   (read as 'decided asynchronously in')",
)

BAD_FOLDER_META = _rule(
    "PB130",
    "folder-defaults",
    E,
    "A folder's `.meta.yml` (front-matter defaults for every page below it) is not a mapping of "
    "keys to values, or a default and a page's own value cannot be merged (a list and a text).",
    "Write `.meta.yml` as front matter without the `---` lines, e.g. `owner: ops`.",
    "tags: onboarding   # in .meta.yml, while a page below has tags: [a, b]",
)
BAD_BASELINE = _rule(
    "PB131",
    "bad-baseline",
    E,
    "The findings baseline file cannot be read; nothing is held back until it can.",
    "Run `playbook baseline` to write it again.",
    '{"findings": [{"rule": "PB701"}]}   # no path, no fingerprint',
)

# ---- Identity --------------------------------------------------------------------------------
DUPLICATE_ID = _rule(
    "PB201",
    "duplicate-id",
    E,
    "Two things share one id. Ids are unique across every kind (pages, items, teams, KPIs...).",
    "Rename one of them; ids are referenced, so search for the old id afterwards.",
    "two roadmap files both with `id: offline-mode`",
)
ID_FILE_MISMATCH = _rule(
    "PB202",
    "id-file-mismatch",
    E,
    "A roadmap item's id differs from its file name, or a release's version from its file name.",
    "Rename the file to `<id>.yml` (or `<version>.yml`), or change the id to match.",
    "data/roadmap/offline.yml containing `id: offline-mode`",
)

# ---- References ------------------------------------------------------------------------------
UNKNOWN_REFERENCE = _rule(
    "PB301",
    "unknown-reference",
    E,
    "A reference names an id that does not exist (owner team, role, template, process, KPI, tool, "
    "theme, roadmap item).",
    "Use an existing id (the message suggests the closest one) or add the missing definition.",
    "owner: core-prodcut   # no team 'core-prodcut'; did you mean 'core-product'?",
)
DEPENDENCY_CYCLE = _rule(
    "PB302",
    "dependency-cycle",
    E,
    "Roadmap items depend on each other in a cycle, so none of them can start first.",
    "Break the cycle by removing one `depends_on` entry.",
    "a depends on b, b depends on c, c depends on a",
)

UNKNOWN_FACT = _rule(
    "PB303",
    "unknown-fact",
    E,
    'A page quotes a fact (`{{ fact("id") }}`) that data/facts.yml does not define.',
    "Use an id from data/facts.yml, or add the fact there with its value and description.",
    '{{ fact("tier-1-lead-time") }} with no such id in data/facts.yml',
)

MACRO_SYNTAX = _rule(
    "PB305",
    "macro-syntax",
    E,
    "A page that renders macros (`render_macros: true`) is not a template mkdocs-macros can "
    "read: Jinja2 finds a `{{`, `{%` or `{#` it cannot close. mkdocs-macros then stops the "
    "build, and `mkdocs serve` with it, without naming the page. A heading id written "
    "`{#id}` is the usual cause: in such a page Jinja2 reads `{#` as the start of a comment.",
    "Write a heading id as `{: #id }`, close the tag, or wrap literal braces in "
    "`{% raw %}` ... `{% endraw %}`.",
    "## Rollout {#rollout} in a page with `render_macros: true`",
)

# ---- Lifecycle -------------------------------------------------------------------------------
INACTIVE_DEPENDENCY = _rule(
    "PB401",
    "inactive-dependency",
    E,
    "An active process relies on a deprecated or retired process or template.",
    "Point at the replacement named by the deprecated page (`replaced_by`).",
    "an active process listing a retired template under `templates`",
)
REPLACEMENT = _rule(
    "PB402",
    "deprecated-replacement",
    E,
    "A deprecated or retired page must name its replacement in `replaced_by`, and the replacement "
    "must exist and be active.",
    "Add `replaced_by: <id of the active page that replaces it>`.",
    "status: deprecated with no replaced_by",
)
SHIPPED_NOT_RELEASED = _rule(
    "PB403",
    "shipped-not-released",
    E,
    "A roadmap item is `shipped` but no release entry cites it.",
    "Cite the item in the release that shipped it (`items: [<id>]`), or change its status.",
    "status: shipped, cited by no data/releases/*.yml",
)
RELEASED_NOT_SHIPPED = _rule(
    "PB404",
    "released-not-shipped",
    E,
    "A release cites a roadmap item whose status is not `shipped`.",
    "Set the item's status to `shipped`, or remove it from the release entry.",
    "release 3.4.0 cites bulk-export, whose status is in-progress",
)
CANCELLED_CITED = _rule(
    "PB405",
    "cancelled-cited",
    E,
    "A release entry (released or upcoming) cites a cancelled roadmap item.",
    "Remove the item from the entry, or reopen the item.",
    "an unreleased entry citing a cancelled item",
)
STALE_ITEM = _rule(
    "PB406",
    "stale-item",
    W,
    "A roadmap item is in progress but its target date has passed.",
    "Move the target (and quarter) to a realistic date, or update the status.",
    "status: in-progress, target: 2026-06-30, today 2026-11-23",
)
RELEASE_ORDER = _rule(
    "PB407",
    "release-order",
    E,
    "Releases ordered by version are not ordered by date.",
    "Fix the date or the version so that a higher version is never older.",
    "3.2.0 dated after 3.3.0",
)
FUTURE_RELEASE = _rule(
    "PB408",
    "future-release",
    E,
    "A release file is dated in the future: it is listed as released before it happened.",
    "Keep upcoming changes as entries in data/releases/unreleased/ and cut the release on the day.",
    "data/releases/4.0.0.yml dated next month",
)
DATE_ORDER = _rule(
    "PB409",
    "inconsistent-dates",
    E,
    "A roadmap item's dates disagree: start after target, or target outside its quarter.",
    "Make `start` precede `target` and `quarter` the quarter that contains `target`.",
    "quarter: 2027-Q1, target: 2026-12-11",
)
ENTRY_WITHOUT_ITEM = _rule(
    "PB410",
    "entry-without-item",
    E,
    "A release entry of a type that must cite a roadmap item (`requires_item` in the vocabulary) "
    "cites none.",
    "Add the roadmap item it delivers under `items`, or use another entry type.",
    "type: feature with no items, where features require one",
)
VERSION_BUMP = _rule(
    "PB411",
    "version-bump",
    W,
    "With `versioning: semver` in the vocabulary, a release's version moves less than its entries "
    "call for (each entry type's `semver` impact): a breaking change in a patch release, say.",
    "Release it under the next major (or minor) version, or give the entry type the impact your "
    "versioning really follows (`semver:` in the vocabulary).",
    "3.3.0 after 3.2.1 with an entry of a type whose semver is major",
)
STALE_ROADMAP = _rule(
    "PB412",
    "stale-roadmap",
    W,
    "Roadmap data that no longer tells the truth: an open item (not yet under way) whose target "
    "date has passed, or a done item that still has a future target or a horizon other than the "
    "nearest one.",
    "Update the item: for an open item move the target (and quarter) or set the status to what "
    "happened; for a done item set the target to when it shipped and the horizon to the nearest "
    "one.",
    "status: shipped, horizon: later, target: 2027-06-30 (today 2026-11-23)",
)

EXAMPLE_DISAGREES = _rule(
    "PB304",
    "example-disagrees",
    E,
    'A table row in a page cites a roadmap item (`{{ link("id") }}`) and shows a status or '
    "horizon the item's data does not have: the example contradicts the roadmap.",
    "Write the item's current status and horizon in the row, or cite another item.",
    '| {{ link("route-optimisation") }} | shipped |, while the item is in-progress',
)

# ---- Review freshness ------------------------------------------------------------------------
REVIEW_DUE = _rule(
    "PB501",
    "review-due",
    W,
    "A page is past its review-by date (last_reviewed + review_interval_days). Draft and "
    "retired pages are not reviewed.",
    "Have the owner team review the page and update `last_reviewed`.",
    "last_reviewed: 2026-01-10, review_interval_days: 180, today 2026-07-20",
)
REVIEW_OVERDUE = _rule(
    "PB502",
    "review-overdue",
    E,
    "A page is past its review-by date by more than the grace period.",
    "Review the page now, or mark it deprecated with a replacement.",
    "review-by 2026-05-01, grace 30 days, today 2026-11-23",
)

# ---- Structure -------------------------------------------------------------------------------
MISSING_SECTION = _rule(
    "PB601",
    "missing-section",
    E,
    "A process or template page lacks a required `##` section, or has them out of order. "
    "Not applied to `draft` pages: an imported page can join the process model (its owner, "
    "RACI and links are checked) before its text is restructured; readers see a draft notice.",
    "Add the section as a level-2 heading with exactly this title.",
    "a process without `## Outputs`",
)

RACI_ONE_ROLE = _rule(
    "PB602",
    "raci-one-role",
    E,
    "A process's RACI names one and the same role, alone, as responsible, accountable, consulted "
    "and informed: it says nothing about who does what.",
    "Name who does the work, who answers for it, who is asked and who is told.",
    "raci: {responsible: [a], accountable: [a], consulted: [a], informed: [a]}",
)

# ---- Links -----------------------------------------------------------------------------------
BROKEN_LINK = _rule(
    "PB701",
    "broken-link",
    E,
    "A link or image points at no file of the docs (a page, a generated page or any other file).",
    "Fix the path (relative to the page) or link to the page that replaced it.",
    "[PRD](../templates/prd-v2.md) with no such file",
)
BROKEN_ANCHOR = _rule(
    "PB702",
    "broken-anchor",
    E,
    "A link points at an anchor (a heading's, or any id) that the target page does not have.",
    "Use one of the anchors the message lists, or fix the heading.",
    "[steps](launch-management.md#stepz)",
)
UNREACHABLE_PAGE = _rule(
    "PB703",
    "unreachable-page",
    W,
    "A page is neither in the navigation nor linked from any page, so readers cannot find it.",
    "Add it to `nav` in mkdocs.yml, or link to it from a related page.",
    "playbook/processes/old-draft.md, linked from nowhere",
)
NAV_MISSING_FILE = _rule(
    "PB704",
    "nav-missing-file",
    E,
    "The navigation in mkdocs.yml names a page that does not exist.",
    "Fix the path in `nav`, relative to the playbook directory.",
    "nav: - Processes: processes/roadmaping.md",
)

ABSOLUTE_LINK = _rule(
    "PB705",
    "absolute-link",
    W,
    "A link starts with '/'. MkDocs leaves it as it is, unchecked, and it breaks wherever the site "
    "is not served from the root of its domain (a project page, a preview, a subfolder). Reported "
    "at the level of mkdocs.yml's `validation: absolute_links:`; with `relative_to_docs` the link "
    "is checked like a relative one instead.",
    "Link relative to the page (`../templates/prd.md`), or set `validation: absolute_links: "
    "relative_to_docs` in mkdocs.yml.",
    "[PRD](/templates/prd.md)",
)

# ---- Repository ------------------------------------------------------------------------------
CODEOWNERS_STALE = _rule(
    "PB801",
    "codeowners-stale",
    E,
    "The committed .github/CODEOWNERS differs from what the pages' owners and the team registry "
    "say.",
    "Run `playbook codeowners` and commit the result.",
    "a page moved to another owner team, CODEOWNERS not regenerated",
)

# ---- KPI measurements ------------------------------------------------------------------------
KPI_HISTORY_ORDER = _rule(
    "PB901",
    "kpi-history-order",
    E,
    "A KPI's `history` is not in date order, or lists one date twice: the trend chart would "
    "draw a line that goes back in time.",
    "Order the points oldest first, one point per date.",
    "history: [{date: 2026-10-31, value: 5}, {date: 2026-09-30, value: 4}]",
)
KPI_FUTURE_MEASUREMENT = _rule(
    "PB902",
    "kpi-future-measurement",
    E,
    "A KPI value (baseline, current or a history point) is dated after today: nothing can have "
    "been measured yet. Usually a typo in the year or month.",
    "Correct the date to the day the value was taken.",
    "current: {value: 81, date: 2027-10-31}, today 2026-11-23",
)
KPI_STALE = _rule(
    "PB903",
    "kpi-stale",
    W,
    "A KPI's latest value is older than its cadence allows: one reporting period, plus one more "
    "for the lag of reporting (a monthly KPI: 62 days). Readers would take an old number for "
    "today's. Cadences without a known length (not daily, weekly, fortnightly, monthly, "
    "quarterly, half-yearly or yearly) are not checked.",
    "Add the latest value (`current`, or a new `history` point), or change the cadence.",
    "cadence: monthly, current dated 2026-08-31, today 2026-11-23",
)
KPI_BASELINE_AFTER_CURRENT = _rule(
    "PB904",
    "kpi-baseline-after-current",
    E,
    "A KPI's baseline is dated after its current value: progress is measured from the baseline, "
    "so it must come first.",
    "Fix one of the two dates; a new starting point needs a new, older baseline.",
    "baseline: {date: 2026-12-31}, current: {date: 2026-10-31}",
)
KPI_CURRENT_DISAGREES = _rule(
    "PB905",
    "kpi-current-disagrees",
    E,
    "A KPI gives both `current` and `history`, and they disagree: the history has a different "
    "value on the current value's date, or a point newer than the current value. The page "
    "would show one number and chart another.",
    "Remove `current` (the last history point is the current value), or make the two agree.",
    "current: {value: 80, date: 2026-10-31}, history ends {value: 78, date: 2026-10-31}",
)

# ---- Maturity model (data/maturity.yml) ------------------------------------------------------
MATURITY_UNKNOWN_LEVEL = _rule(
    "PB951",
    "maturity-unknown-level",
    E,
    "A score's `level` or `target`, or a dimension's descriptor, names a level the maturity model "
    "does not define under `levels`.",
    "Use one of the level ids under `levels`, or add the level there.",
    "level: definded   # the levels are ad-hoc, repeatable, defined, managed, optimising",
)
MATURITY_UNKNOWN_DIMENSION = _rule(
    "PB952",
    "maturity-unknown-dimension",
    E,
    "An assessment scores a dimension the maturity model does not define under `dimensions`.",
    "Use one of the dimension ids under `dimensions`, or add the dimension there.",
    "dimension: roadmap   # the dimension is roadmapping",
)
MATURITY_MISSING_DESCRIPTOR = _rule(
    "PB953",
    "maturity-missing-descriptor",
    E,
    "A dimension has no descriptor for one of the levels: the matrix has a hole, and a team "
    "assessing itself cannot tell whether it reached that level.",
    "Add under the dimension's `descriptors` what you would see at that level.",
    "descriptors for ad-hoc, repeatable and defined, but five levels",
)
MATURITY_FUTURE_ASSESSMENT = _rule(
    "PB954",
    "maturity-future-assessment",
    E,
    "An assessment is dated in the future: the page would show scores nobody has given yet.",
    "Date the assessment on the day it was made.",
    "date: 2027-05-14, today 2026-11-23",
)
MATURITY_STALE_ASSESSMENT = _rule(
    "PB955",
    "maturity-stale-assessment",
    W,
    "The latest maturity assessment is older than `reassess_every_days` (183 days unless the "
    "file says otherwise): the scores the page shows may no longer be true.",
    "Run the self-assessment on the maturity page and add it under `assessments`.",
    "latest assessment 2026-01-15, reassess_every_days: 183, today 2026-11-23",
)
MATURITY_TARGET_BELOW = _rule(
    "PB956",
    "maturity-target-below",
    E,
    "A score's target level is below the level reached, or its target date is not after the "
    "assessment: the gap it shows is meaningless.",
    "Set a target at or above the level reached and a target date after the assessment, or "
    "remove the target.",
    "level: defined, target: repeatable",
)
MATURITY_DUPLICATE = _rule(
    "PB957",
    "maturity-duplicate",
    E,
    "The maturity model defines a level or a dimension id twice, scores a dimension twice in one "
    "assessment, or holds two assessments of the same day.",
    "Keep one of them: merge the two, or give the second its own id or date.",
    "two scores for roadmapping in the assessment of 2026-11-12",
)

CATALOGUE: dict[str, Rule] = {
    rule.id: rule for rule in list(globals().values()) if isinstance(rule, Rule)
}
