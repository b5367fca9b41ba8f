"""A new user's first runs, as the issues describe them: plans written the way teams
write them, checked with the real `planlint check` command."""

import json

import pytest

from conftest import run_cli

THREE_SPRINTS = """# Release plan

## Sprint 1: Foundations
**Dates:** Mon Nov 9 – Fri Nov 20, 2026

| Task | Estimate (h) | Owner |
|------|--------------|-------|
| Auth | 16 | Ana |
| API | 24 | Ben |

## Sprint 2: Features
**Dates:** Mon Nov 23 – Fri Dec 4, 2026

- [ ] Build reports

## Sprint 3: Polish
**Dates:** Dec 7 – Dec 18, 2026{length}

- [ ] Polish UI
"""

TASKS = """# Sprint 4 plan

{total}

### Tasks (5)

| Task | {column} | Owner |
|------|----------|-------|
| Login | 40 | Ana |
| Search | 56 | Ben |
| Export | 60 | Ana |
| Import | 40 | Ben |
{total_row}"""

SPANISH = """# Plan del proyecto

## Sprint 1: Autenticación
**Fechas:** 3 al 14 de noviembre de 2025

| Tarea | Horas estimadas | Responsable |
|-------|-----------------|-------------|
| Login | 16 | Ana |
| Registro | 8 | Luis |

**Total estimado:** 24 horas

### Criterios de aceptación
- [ ] El usuario inicia sesión en menos de 2 segundos

### Riesgos
| Riesgo | Probabilidad | Impacto | Mitigación |
|--------|--------------|---------|------------|
| Retraso de la API | Media | Alta | Simular la API |
"""


def check(tmp_path, text, *args):
    (tmp_path / "plan.md").write_text(text, encoding="utf-8")
    result = run_cli("check", "--format", "json", "--today", "2026-11-01", *args, "plan.md", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return [(f["line"], f["rule"], f["severity"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def counted(found):
    return [f for f in found if f[2] != "info"]


def test_weekday_date_ranges_are_read_as_ranges(tmp_path):
    assert counted(check(tmp_path, THREE_SPRINTS.format(length=""))) == []


def test_a_range_that_says_three_weeks_and_spans_twelve_days(tmp_path):
    plan = THREE_SPRINTS.format(length=" (3 weeks)")
    found = counted(check(tmp_path, plan))
    line = plan.split("\n").index("**Dates:** Dec 7 – Dec 18, 2026 (3 weeks)") + 1
    assert [(line, rule) for line, rule, _, _ in found] == [(line, "PL104")]
    assert "3 weeks" in found[0][3] and "Dec 7-18, 2026" in found[0][3] and "12 days" in found[0][3]


def test_a_stated_total_against_the_estimate_column(tmp_path):
    for column in ("Estimate (h)", "Est. (h)", "Hrs", "Effort (h)", "Estimate"):
        for total in ("Total estimate: 120 hours", "**Total estimate:** 120 hours", "**Total estimate: 120 hours**"):
            found = counted(check(tmp_path, TASKS.format(total=total, column=column, total_row="")))
            sums = [f for f in found if f[1] == "PL201"]
            assert len(sums) == 1 and sums[0][0] == 3, (column, total, found)
            assert "120 hours" in sums[0][3] and "196h" in sums[0][3] and "lines 9, 10, 11, 12" in sums[0][3]


def test_a_wrong_total_row_and_a_heading_count(tmp_path):
    found = counted(check(tmp_path, TASKS.format(total="", column="Estimate (h)",
                                                 total_row="| **Total** | **186** | |\n")))
    assert [(line, rule) for line, rule, _, _ in found] == [(5, "PL205"), (13, "PL202")]
    assert "says 5" in found[0][3] and "4 are listed" in found[0][3]
    assert "186" in found[1][3] and "196h" in found[1][3]


def test_a_spanish_sprint_is_read_in_spanish(tmp_path):
    assert check(tmp_path, SPANISH) == []
    found = counted(check(tmp_path, SPANISH.replace("24 horas", "30 horas")))
    assert [(line, rule) for line, rule, _, _ in found] == [(11, "PL201")]
    assert "30 horas" in found[0][3] and "24h" in found[0][3]


def test_category_totals_with_one_label_are_not_the_plan_total(tmp_path):
    plan = ("# Sprint 4 retrospective\n\n| Story | Hours est. |\n|---|---|\n| #1 | 40h |\n| #2 | 21h |\n\n"
            "- Unit testing:\n  - Total hours estimated: 3h\n- Code review:\n  - Total hours estimated: 1h 30m\n")
    assert counted(check(tmp_path, plan)) == []
    # a single total field of that kind is the plan's total, and held to the table
    found = counted(check(tmp_path, plan.split("- Unit")[0] + "Total hours estimated: 3h\n"))
    assert [(rule, "61h" in message) for _, rule, _, message in found] == [("PL201", True)]


def test_a_total_row_named_after_its_scope(tmp_path):
    table = ("# 開発計画\n\n| エピック | 対象ストーリー | SP合計 |\n|---|---|:---:|\n| Epic-00 基盤機能 | S00-01〜S00-12 | 39 |\n"
             "| Epic-01 オフライン対応 | S01-01〜S01-05 | 21 |\n| **Phase 1 {word}** | | **{total} SP** |\n")
    for word in ("合計", "Total", "total"):
        assert counted(check(tmp_path, table.format(word=word, total=60))) == []
        found = counted(check(tmp_path, table.format(word=word, total=61)))
        assert [(line, rule) for line, rule, _, _ in found] == [(7, "PL202")], (word, found)
        assert "61 SP" in found[0][3] and "60 points" in found[0][3] and "lines 5, 6" in found[0][3]
    # a subtotal named after its scope sums the rows since the last one, as a subtotal
    assert counted(check(tmp_path, table.format(word="Subtotal", total=60))) == []
    found = counted(check(tmp_path, table.format(word="Subtotal", total=61)))
    assert [(line, rule) for line, rule, _, _ in found] == [(7, "PL202")] and "2 sub-rows" in found[0][3]


def test_names_lengths_and_deadlines_are_not_amounts_counts_or_gaps(tmp_path):
    # "B-007 + B-021" names two items; 7 + 21 is no breakdown of 22 kB
    assert counted(check(tmp_path, "# Plan\n\n- bundle: CSS 20/22 kB (B-007 + B-021)\n")) == []
    assert [r for _, r, _, _ in counted(check(tmp_path, "# Plan\n\n- Scope: 22 items (7 bugs + 21 features)\n"))] \
        == ["PL204"]
    # "6 meses de desenvolvimento" is a length of time, not six sections named Desenvolvimento
    plan = ("# Plano de custos\n\nO projeto leva 6 meses de desenvolvimento, com 40 horas mensais.\n\n"
            "## Custos de desenvolvimento\n\nTexto.\n\n## Cronograma de desenvolvimento\n\nTexto.\n")
    assert counted(check(tmp_path, plan)) == []
    # "Bis Woche 5" ... "Bis Woche 13": each runs from where the last one ended
    plan = ("# Grobplanung\n\n## Bis Woche 5\n\nAnalyse und Konzept.\n\n## Bis Woche 13\n\nUmsetzung.\n")
    assert counted(check(tmp_path, plan)) == []
    assert [r for _, r, _, _ in counted(check(tmp_path, plan.replace("Bis Woche", "Woche")))] == ["PL103"]


def test_category_totals_without_a_unit_repeat_their_label(tmp_path):
    plan = ("# Sprint 3 retrospective\n\n| Story | Hours est. |\n|---|---|\n| #1 | 40h |\n| #2 | 21h |\n\n"
            "- Unit testing:\n  - Total hours estimated: 9,5\n- Technical debt:\n  - Total hours estimated: 5h\n")
    assert counted(check(tmp_path, plan)) == []


def test_a_rate_column_vouches_for_its_products_in_a_short_table(tmp_path):
    plan = ("# Plano\n\n| Membro | Horas/dia | Dias úteis | Total por sprint |\n|---|---|---|---|\n"
            "| Eloi | 4h | 10 | 40h |\n| Lucas | 4h | 10 | {lucas} |\n| Renato | 4h | 10 | 40h |\n")
    assert counted(check(tmp_path, plan.format(lucas="40h"))) == []
    found = counted(check(tmp_path, plan.format(lucas="44h")))
    assert [(line, rule) for line, rule, _, _ in found] == [(6, "PL204")], found
    assert "44" in found[0][3] and "40" in found[0][3]


def test_a_calculation_of_amounts_in_a_cell_against_the_next_cell(tmp_path):
    plan = ("# Plano de custos\n\nO custo do desenvolvimento é calculado por hora.\n\n"
            "| Item | Detalhamento | Valor |\n| --- | --- | --- |\n| Horas totais | 240 horas | |\n"
            "| Custo de desenvolvimento | 240h × R$ 80,00 | **R$ {cost}** |\n")
    assert counted(check(tmp_path, plan.format(cost="19.200,00"))) == []
    found = counted(check(tmp_path, plan.format(cost="19.300,00")))
    assert [(line, rule) for line, rule, _, _ in found] == [(8, "PL204")], found
    assert "240 x 80 is 19200, not 19300" in found[0][3]


def test_a_sprint_of_n_days_against_its_start_and_end_fields(tmp_path):
    plan = ("# Sprint 1\n\n- **Sprint Duration:** {n} days\n- **Start Date:** 2026-01-04\n"
            "- **End Date:** 2026-01-17\n")
    for n in (14, 13, 10):  # calendar days, one off, working days
        assert counted(check(tmp_path, plan.format(n=n))) == [], n
    found = counted(check(tmp_path, plan.format(n=12)))
    assert [(line, rule) for line, rule, _, _ in found] == [(3, "PL104")]
    assert "12 days" in found[0][3] and "span 14 days (10 working days)" in found[0][3]


def test_a_value_that_says_it_is_the_total(tmp_path):
    plan = ("# Sprint 1\n\n**Stories Committed:** 3 stories, {sp} SP total\n\n**Sprint Backlog:**\n"
            "- Story 1: App shell - 5 SP\n- Story 2: Quick capture - 5 SP\n- Story 3: List view - 3 SP\n")
    assert counted(check(tmp_path, plan.format(sp=13))) == []
    found = counted(check(tmp_path, plan.format(sp=15)))
    assert [(line, rule) for line, rule, _, _ in found] == [(3, "PL201")]
    assert "15 SP" in found[0][3] and "13 points" in found[0][3] and "lines 6, 7, 8" in found[0][3]
    # time spent is no total of the estimates
    assert counted(check(tmp_path, plan.format(sp=13).replace("**Stories Committed:** 3 stories, 13 SP total",
                                                             "**Time spent:** 15 SP total"))) == []


def test_days_and_their_hours_against_the_documents_working_day(tmp_path):
    plan = ("# Cronograma\n\n### Totales por mes\n- **Julio**: 19 días hábiles (152 horas)\n"
            "- **Agosto**: 15 días hábiles ({aug} horas)\n- **Septiembre**: 15 días hábiles (120 horas)\n")
    assert counted(check(tmp_path, plan.format(aug=120))) == []
    assert counted(check(tmp_path, plan.format(aug=120).replace("(152", "(114").replace("(120", "(90"))) == []  # 6h days
    found = counted(check(tmp_path, plan.format(aug=128)))
    assert [(line, rule, severity) for line, rule, severity, _ in found] == [(5, "PL204", "warning")]
    assert "15 x 8 is 120, not 128" in found[0][3] and "lines 4, 6" in found[0][3]
    # two pairs that disagree give no day length to hold either to
    assert counted(check(tmp_path, "\n".join(plan.format(aug=128).splitlines()[:5]) + "\n")) == []


def test_an_amount_over_a_length_of_time_and_its_rate(tmp_path):
    for line in ("- Velocity target: 13 SP over 14 days (~0.93 SP/day)", "- 40 hours in 5 days (8 hours a day)",
                 "- 10 days over 2 weeks (5 days/week)", "- 14 days (2 weeks)"):
        assert counted(check(tmp_path, f"# Sprint plan\n\n{line}\n")) == [], line
    found = counted(check(tmp_path, "# Sprint plan\n\n- Velocity target: 13 SP over 14 days (~0.73 SP/day)\n"))
    assert [(line, rule) for line, rule, _, _ in found] == [(3, "PL204")]
    assert "13 / 14 is 0.9286, not 0.73" in found[0][3]
    found = counted(check(tmp_path, "# Plan de sprint\n\n- 40 horas en 5 días (9 horas por día)\n"))
    assert [(line, rule) for line, rule, _, _ in found] == [(3, "PL204")]


def test_a_rate_field_against_the_total_and_duration_fields_beside_it(tmp_path):
    plan = ("# Sprint 1 Burndown\n\n## Overview\n\n- **Total Story Points:** 13 SP\n- **Sprint Duration:** 14 days\n"
            "- **Ideal Daily Burn Rate:** {rate} SP per day\n")
    assert counted(check(tmp_path, plan.format(rate="0.93"))) == []
    found = counted(check(tmp_path, plan.format(rate="1.93")))
    assert [(line, rule, severity) for line, rule, severity, _ in found] == [(7, "PL204", "warning")]
    assert "13 / 14 is 0.9286, not 1.93" in found[0][3] and "(line 5)" in found[0][3] and "(line 6)" in found[0][3]
    # two totals of points around it: which one the rate is of is not said
    assert counted(check(tmp_path, plan.format(rate="1.93") + "- **Total Bug Points:** 5 SP\n")) == []


def test_a_count_beside_a_total_is_the_number_of_items_that_make_it(tmp_path):
    plan = ("# Sprint 1\n\n**Stories Committed:** {n} stories, 13 SP total\n**Status:** started\n\n"
            "**Sprint Backlog:**\n- Story 1: App shell - 5 SP\n- Story 2: Quick capture - 5 SP\n- Story 3: List view - 3 SP\n")
    assert counted(check(tmp_path, plan.format(n=3))) == []
    found = counted(check(tmp_path, plan.format(n=4)))
    assert [(line, rule) for line, rule, _, _ in found] == [(3, "PL205")]
    assert "4 stories" in found[0][3] and "3 work items" in found[0][3] and "lines 7, 8, 9" in found[0][3]
    # when the items do not make the total, they are not the items it counts
    assert [r for _, r, _, _ in counted(check(tmp_path, plan.format(n=4).replace("13 SP total", "15 SP total")))] == ["PL201"]


def test_a_sprint_that_states_its_criterion_in_a_sentence(tmp_path):
    plan = ("# Plan\n\n## Sprint 1: Setup\n\n- [ ] Configure CI\n\n{said}\n\n"
            "## Sprint 2: Auth\n\n- [ ] Login\n\n### Acceptance criteria\n- Users can log in\n")
    said = "> The completion criteria of this sprint: a green build on main."
    assert not [f for f in check(tmp_path, plan.format(said=said)) if f[1] == "PL001" and "criteria" in f[3]]
    found = [f for f in check(tmp_path, plan.format(said="> Keep the build green.")) if f[1] == "PL001" and "criteria" in f[3]]
    assert [(line, severity) for line, _, severity, _ in found] == [(3, "warning")]


EPICS = """# Release plan

| Epic | Stories | SP |
|---|---|:---:|
| Epic-00 Basics (3 Stories) | S00-01〜S00-03 | {epic} |
| Epic-01 Sharing | S01-01 | 2 |

## Sprint 1 (2026-05-11〜05-22)

| Story | Title | SP | Depends on |
|:---:|---|:---:|---|
| S00-01 | Sign up | 3 | - |
| S00-02 | Log in | 3 | S00-01 |

## Sprint 2 (2026-05-25〜06-05)

| Story | Title | SP | Depends on |
|:---:|---|:---:|---|
| S00-03 | Profile | 5 | S00-02 |
| S01-01 | Invite | 2 | S00-03 |
"""


def test_a_row_that_names_its_items_by_id_range(tmp_path):
    assert counted(check(tmp_path, EPICS.format(epic=11))) == []
    found = counted(check(tmp_path, EPICS.format(epic=13)))
    assert [(line, rule) for line, rule, _, _ in found] == [(5, "PL201")]
    assert "says 13" in found[0][3] and "11 points" in found[0][3] and "lines 12, 13, 19" in found[0][3]
    found = counted(check(tmp_path, EPICS.format(epic=11).replace("(3 Stories)", "(4 Stories)")))
    assert [(line, rule) for line, rule, _, _ in found] == [(5, "PL205")]
    assert "3 are listed" in found[0][3] and "'S00-01'" in found[0][3]
    found = counted(check(tmp_path, EPICS.format(epic=11).replace("| S01-01 | 2 |", "| S01-01 | 4 |")))
    assert [(line, rule) for line, rule, _, _ in found] == [(6, "PL201")]
    # an id the document does not list leaves the row unchecked
    assert counted(check(tmp_path, EPICS.format(epic=13).replace("| S00-03 | Profile", "| S00-09 | Profile"))) == []


def test_a_days_total_below_a_table_of_days_counts_the_days_with_hours(tmp_path):
    rows = "".join(f"| **{d:02d}-jul** | {w} | {'Trabajo' if h else '-'} | {'8h' if h else '-'} |\n"
                   for d, w, h in [(7, "Lun", 1), (8, "Mar", 1), (9, "Mié", 1), (10, "Jue", 1), (11, "Vie", 1),
                                   (12, "Sáb", 0), (13, "Dom", 0), (14, "Lun", 1)])
    plan = ("# Cronograma 2025\n\n## Julio 2025\n\n| **Fecha** | **Día** | **Actividad** | **Horas** |\n"
            "|---|---|---|---|\n" + rows + "\n**Total días hábiles Julio: {n} días**\n")
    assert counted(check(tmp_path, plan.format(n=6))) == []
    found = counted(check(tmp_path, plan.format(n=7)))
    assert [(line, rule) for line, rule, _, _ in found] == [(16, "PL205")]
    assert "says 7 días" in found[0][3] and "lists 6 days with hours" in found[0][3] and "lines 7, 8, 9, 10, 11, 14" in found[0][3]


def test_an_average_field_against_the_totals_beside_it(tmp_path):
    plan = ("# Resumen\n\n### Gran total\n- **Días hábiles totales**: **49 días**\n- **Horas totales**: **392 horas**\n"
            "- **Promedio diario**: **{avg} horas**\n")
    assert counted(check(tmp_path, plan.format(avg=8))) == []
    found = counted(check(tmp_path, plan.format(avg=9)))
    assert [(line, rule, severity) for line, rule, severity, _ in found] == [(6, "PL204", "warning")]
    assert "392 / 49 is 8, not 9" in found[0][3]


def test_two_currencies_at_the_rate_the_plan_states(tmp_path):
    plan = ("# Custos\n\n| Serviço | Custo (USD) | Custo (BRL) |\n|---|---|---|\n| Vercel | $20 | R$ 100,00 |\n"
            "| Neon | $19 | R$ {neon} |\n| Domínio | - | R$ 3,33 |\n| **TOTAL** | **$39** | **R$ 198,33** |\n\n"
            "**Câmbio utilizado:** US$ 1,00 = R$ 5,00\n")
    assert counted(check(tmp_path, plan.format(neon="95,00"))) == []
    found = counted(check(tmp_path, plan.format(neon="96,00")))
    assert ("PL204", 6) in [(rule, line) for line, rule, _, _ in found]
    message = next(m for line, rule, _, m in found if rule == "PL204")
    assert "$19 at 5 (line 10)" in message and "19 x 5 is 95, not 96" in message
    # without a stated rate the two columns are not compared
    assert [r for _, r, _, _ in counted(check(tmp_path, plan.format(neon="96,00").replace("US$ 1,00 = R$ 5,00", "")))] \
        == ["PL202"]


def test_days_between_the_ends_is_a_note_unless_the_plan_counts_both_ends(tmp_path):
    plan = "# 개발 계획\n\n- 기간: 2025-12-19 ~ 2026-01-18 (30일)\n"
    assert [(r, s) for _, r, s, _ in check(tmp_path, plan)] == [("PL104", "info")]
    found = check(tmp_path, plan + "- 1주차: 2025-12-19 ~ 2025-12-25 (7일)\n")
    assert [(line, r, s) for line, r, s, _ in found] == [(3, "PL104", "error")]
    assert "counting both ends, as the document's other length does" in found[0][3]


TEAM = """# 開発計画

チーム構成: {size}名

- **体制: PM 1人 / フロント 2人 / バック 3人**

### ポジション

| 役割 | 人数 | 備考 |
| --- | --- | --- |
| PM | 1 | リーダー |
| フロントエンド | 2 | 画面 |
| バックエンド | {back} | Django |
"""


def test_a_team_size_against_its_split_and_its_head_count_table(tmp_path):
    assert counted(check(tmp_path, TEAM.format(size=6, back=3))) == []
    found = counted(check(tmp_path, TEAM.format(size=7, back=3)))
    assert [(line, rule) for line, rule, _, _ in found] == [(3, "PL201")]
    assert "says 7名" in found[0][3] and "6 people (line 5)" in found[0][3]
    # size and split agree: the table is the odd one out, reported at its last row
    found = counted(check(tmp_path, TEAM.format(size=6, back=4)))
    assert [(line, rule) for line, rule, _, _ in found] == [(13, "PL201")]
    assert "(line 3)' says 6名" in found[0][3] and "7 people (lines 11, 12, 13)" in found[0][3]
    plan = "# Plan\n\n**Team size:** {n}\n\n| Role | Headcount |\n|---|---|\n| Backend | 2 |\n| Design | 1 |\n"
    assert counted(check(tmp_path, plan.format(n=3))) == []
    assert [(line, rule) for line, rule, _, _ in counted(check(tmp_path, plan.format(n=4)))] == [(3, "PL201")]


ESTIMATION = """# Project Estimation

|             | Estimate |
| ----------- | -------- |
| NC = Estimated number of classes to be developed | 50 classes |
| A = Estimated average size per class, in LOC | 200 LOC/class |
| S = Estimated size of project, in LOC (= NC * A) | 10,000 LOC |
| E = Estimated effort, in person hours (here use productivity 10 LOC per person hour) | {effort} ph |
| C = Estimated cost, in euro (here use 1 person hour cost = 30 euro) | € {cost} |
"""


def test_a_row_computed_at_the_rate_its_label_gives(tmp_path):
    assert counted(check(tmp_path, ESTIMATION.format(effort="1,000", cost="30,000"))) == []
    found = counted(check(tmp_path, ESTIMATION.format(effort="1,000", cost="33,000")))
    assert [(line, rule) for line, rule, _, _ in found] == [(9, "PL204")]
    assert "E × 30 = € 33,000" in found[0][3] and "is 30000, not 33000" in found[0][3]
    found = counted(check(tmp_path, ESTIMATION.format(effort="1,200", cost="36,000")))
    assert [(line, rule) for line, rule, _, _ in found] == [(8, "PL204")]
    assert "S / 10 = 1,200 ph" in found[0][3]
    # a rate named by its variable, in the unit it was defined in
    plan = ("# Estimation\n\n| Measure | Value |\n|---|---|\n| OP = S/E | 4.65 LOC/ph |\n\n| | Estimate |\n|---|---|\n"
            "| S_e = Estimated size, in LOC | 3,150 LOC |\n| E = Estimated effort (here use overall productivity OP) | {e} ph |\n")
    assert counted(check(tmp_path, plan.format(e="677"))) == []
    found = counted(check(tmp_path, plan.format(e="14,650")))
    assert [(line, rule) for line, rule, _, _ in found] == [(10, "PL204")] and "S_e / OP" in found[0][3]


RIGHT = {
    "a day log naming the story worked on": (
        "# Sprint 14\n\n| Story | Title | SP |\n|---|---|---|\n| WAL-101 | Wallet | 5 |\n| WAL-105 | Errors | 2 |\n\n"
        "| Day | Date | Focus | SP burned | SP remaining |\n|---|---|---|---|---|\n"
        "| 1 | Mon 2026-11-09 | WAL-101 | 5 | 2 |\n| 2 | Tue 2026-11-10 | WAL-105 | 2 | 0 |\n"),
    "hours planned are no count of the phases": (
        "# Migration\n\n## Phase 1: Discovery — Planned\n- [ ] Inventory (16h)\n\n## Phase 2: Migration — Planned\n"
        "- [ ] Port jobs (24h)\n\n## Phase 3: Cutover — Planned\n- [ ] Switch (24h)\n\n"
        "2 engineers × 10 days × 6 h = 120 h available, for 64 h planned (53%).\n"),
    "an average per sprint beside a timeline in weeks": (
        "# Release\n\n**Total Story Points:** 52 SP\n**Total duration:** 6 weeks\n"
        "**Planned average velocity:** 17.3 SP per sprint (52 SP / 3 sprints)\n"),
    "week numbers in a Weeks column": (
        "# Release\n\n| Sprint | Weeks | SP |\n|---|---|---|\n| Sprint 1 | Weeks 1–2 | 21 |\n| Sprint 2 | Weeks 3–4 | 18 |\n"
        "| Sprint 3 | Weeks 5–6 | 13 |\n| **Total** | **6 weeks** | **52** |\n"),
    "a length inside a checklist sentence": (
        "# Relaunch\n\n### 3.1 Abnahme und Start (28 h)\n- Abnahmetests (12 h)\n- Weiterleitungen (8 h)\n"
        "- Go-live (8 h)\n\nGo-live-Checkliste:\n1. DNS-TTL auf 5 Minuten senken\n2. Tracking prüfen\n"),
    "the day of a date is no length": (
        "# ECサイト計画\n\n**全体期間:** 2025年10月6日〜2025年11月14日（6週間）\n\n"
        "## スプリント1: 商品一覧（2025年10月6日〜2025年10月17日）\n\n**期間:** 2週間\n\n- [ ] 一覧画面\n"),
    "a done column is no sum of the plan": (
        "# Roadmap\n\n## Sprint 5 (16 punti)\n- [ ] Login (8 punti)\n- [ ] Profilo (8 punti)\n\n"
        "## Avanzamento\n\n| Sprint | Pianificati | Completati |\n|---|---|---|\n| Sprint 5 | 16 | 6 |\n"),
    "a module listed again in a progress table counts once": (
        "# Orçamento\n\n| Módulo | Horas |\n|---|---|\n| Login | 24 |\n| Painel | 40,5 |\n| **Total** | **64,5** |\n\n"
        "**Total:** 64,5 horas\n\n## Acompanhamento\n\n| Módulo | Concluído (h) | Planejado (h) |\n|---|---|---|\n"
        "| Login | 24 | 24 |\n| Painel | 30 | 40,5 |\n"),
    "a week total under the phases of the week": (
        "# Cronograma\n\n## Semana 1 (seg, 07/12 – sex, 11/12/2026)\n\n### Fase 1: Descoberta (18h)\n"
        "- Entrevistas (12h)\n- Backlog (6h)\n\n### Fase 2: Protótipo (14h)\n- Wireframes (9h)\n- Teste (5h)\n\n"
        "**Total da semana:** 32h\n"),
    "year-less dates after a review date, in a year the plan writes in full": (
        "# 주간 작업 계획\n\n검토: PM (2026-11-30)\n\n## 1주차: 1/4(월) ~ 1/8(금)\n\n- 결제 API\n\n"
        "## 2주차: 1/11(월) ~ 1/15(금)\n\n- 주문 화면\n\n| 날짜 | 요일 |\n|---|---|\n| 2027-01-04 | 월요일 |\n"
        "| 2027-01-15 | 금요일 |\n"),
    "two weeks is no week two": (
        "# 计划\n\n## Sprint 1：线索管理（2025年10月13日（周一）至 2025年10月24日（周五））\n\n**周期：** 2 周\n\n- [ ] 登录\n"),
}


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_right_claims_that_read_like_other_things(tmp_path, name):
    assert counted(check(tmp_path, RIGHT[name])) == []


def test_a_capacity_is_no_sum_but_can_be_exceeded(tmp_path):
    plan = ("# Sprint 11\n\n- **Total Capacity:** 60h\n\n## Phase 1: Security (20-26h)\n- [ ] Fix A (20-26h)\n\n"
            "## Phase 2: Features ({hours}h)\n- [ ] Build B ({hours}h)\n")
    assert counted(check(tmp_path, plan.format(hours=30))) == []  # 50-56h of 60h: slack, no contradiction
    found = counted(check(tmp_path, plan.format(hours=44)))
    assert [(line, rule, severity) for line, rule, severity, _ in found] == [(3, "PL201", "warning")]
    assert "'Total Capacity' is 60h" in found[0][3] and "64-70h" in found[0][3] and "over capacity" in found[0][3]


def test_an_exact_total_gets_only_the_rounding_of_its_digits(tmp_path):
    plan = ("# Sprint plan\n\n**Total effort:** {total} hours\n\n| Task | Estimate (h) |\n|---|---|\n"
            "| Auth | 40 |\n| API | 56 |\n| Reports | 60 |\n")
    assert counted(check(tmp_path, plan.format(total="156"))) == []
    found = counted(check(tmp_path, plan.format(total="152")))  # 2.6% off: no tolerance hides it
    assert [(line, rule) for line, rule, _, _ in found] == [(3, "PL201")] and "156h" in found[0][3]
    assert counted(check(tmp_path, plan.format(total="~150"))) == []  # approximate: a wider tolerance


def test_an_iteration_numbered_with_a_full_stop(tmp_path):
    plan = ("# План\n\n## Спринт 1. Каталог\n\n- [ ] Поиск (20 ч)\n- [ ] Фильтры (23,5 ч)\n\n**Итого:** {total} ч\n\n"
            "## Спринт 2. Оплата\n\n- [ ] Касса (12 ч)\n")
    assert counted(check(tmp_path, plan.format(total="43,5"))) == []
    found = counted(check(tmp_path, plan.format(total="46,5")))
    assert [(line, rule) for line, rule, _, _ in found] == [(8, "PL201")] and "43.5h" in found[0][3]


def test_a_week_number_before_its_word_and_a_sprint_dash_points(tmp_path):
    weeks = ("# 주간 작업 계획\n\n## 1주차: 2027-01-04(월) ~ 2027-01-08(금)\n\n- 결제 API (8시간)\n- 관리자 API (6시간)\n\n"
             "**1주차 합계:** {total}시간\n\n## 2주차: 2027-01-11(월) ~ 2027-01-15(금)\n\n- 주문 화면 (7시간)\n")
    assert counted(check(tmp_path, weeks.format(total=14))) == []
    assert [(line, rule) for line, rule, _, _ in counted(check(tmp_path, weeks.format(total=16)))] == [(8, "PL201")]
    sprint = "# 로드맵\n\n### 스프린트 3 — 16 SP\n\n- 좋아요: 3 SP\n- 알림 센터: {part} SP\n- 신고: 5 SP\n"
    assert counted(check(tmp_path, sprint.format(part=8))) == []
    found = counted(check(tmp_path, sprint.format(part=6)))
    assert [(line, rule) for line, rule, _, _ in found] == [(3, "PL201")] and "14 points" in found[0][3]


def test_a_total_stated_under_its_table(tmp_path):
    table = "# Plan\n\n## Tasks\n\n| Task | Hours |\n|---|---|\n| Parser | 4 |\n| Reader | 6 |\n\n{line}\n"
    found = counted(check(tmp_path, table.format(line="In total 11 hours.")))
    assert [(line, rule, severity) for line, rule, severity, _ in found] == [(10, "PL201", "warning")]
    assert "11 hours" in found[0][3] and "10h" in found[0][3] and "lines 7, 8" in found[0][3]
    for right in ("In total 10 hours.", "In total 10 hours, of 40 hours of capacity.", "Total done: 4 hours."):
        assert counted(check(tmp_path, table.format(line=right))) == [], right


def test_a_total_stated_under_its_list(tmp_path):
    plan = ("# Plan\n\n## Team Backend – 3 uppgifter:\n\n- Betalnings-API – 40 h\n- Cachning – {part} h\n"
            "- Loggning – 10 h\n\nSumma: 72,5 h\n")
    assert counted(check(tmp_path, plan.format(part="22,5"))) == []
    found = counted(check(tmp_path, plan.format(part="24,5")))
    assert [(line, rule, severity) for line, rule, severity, _ in found] == [(9, "PL201", "warning")]
    assert "72,5 h" in found[0][3] and "74.5h" in found[0][3] and "lines 5, 6, 7" in found[0][3]
    # under a heading that states its own amount, a total after the list totals more than it
    assert counted(check(tmp_path, plan.format(part="24,5").replace("3 uppgifter:", "(74,5 h)"))) == []
