"""`planlint parse --summary`: what planlint understood of a plan, and the `languages`
setting that overrides the languages a plan is read in."""

from conftest import run_cli

SPANISH = """# Plan del proyecto

## Sprint 1: Fundaciones (del 3 al 14 de marzo de 2025)

| Tarea | Horas estimadas |
|-------|-----------------|
| Configurar el repositorio | 4 |
| Modelo de datos | 12 |
| **Total** | **16** |

### Criterios de aceptación
- El 95 % de las pruebas pasan

## Sprint 2: Interfaz (del 17 al 28 de marzo de 2025)

| Tarea | Horas estimadas |
|-------|-----------------|
| Pantalla de inicio | 6 |

## Presupuesto

| Concepto | Importe | Cuotas |
|----------|---------|--------|
| Licencias | 300 | 3 |
| Servidores | 120 | 12 |
"""


def test_summary_says_what_was_read_and_what_was_not(tmp_path):
    (tmp_path / "plan.md").write_text(SPANISH, encoding="utf-8")
    result = run_cli("parse", "--summary", "plan.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("plan.md: read in Español (es)") and "numeric dates dmy" in out[0]
    assert out[1] == "2 iterations:"
    assert out[2] == "  Sprint 1 'Fundaciones' (line 3): 2025-03-03 - 2025-03-14, 2 work items (16h), 1 criterion"
    assert out[3] == "  Sprint 2 'Interfaz' (line 14): 2025-03-17 - 2025-03-28, 1 work item (6h)"
    assert "work items: 3, 3 with estimates (22h)" in out
    assert any(line.startswith("totals checked: ") and line != "totals checked: 0" for line in out)
    assert out[-1].startswith("not read: the table at line 22 (Concepto | Importe | Cuotas) has numbers")


def test_summary_of_a_plan_without_iterations_says_so(tmp_path):
    (tmp_path / "notes.md").write_text("# Notes\n\nNothing planned here.\n")
    result = run_cli("parse", "--summary", "notes.md", cwd=tmp_path)
    assert result.returncode == 0
    assert "0 iterations (no sprint, phase, milestone or week headings were recognised)" in result.stdout


def test_languages_setting_overrides_detection(tmp_path):
    (tmp_path / "plan.md").write_text(SPANISH, encoding="utf-8")
    detected = run_cli("parse", "--summary", "plan.md", cwd=tmp_path).stdout
    assert "1 criterion" in detected
    (tmp_path / "planlint.toml").write_text('languages = ["en"]\n')
    configured = run_cli("parse", "--summary", "plan.md", cwd=tmp_path)
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.startswith("plan.md: read in English (en)")
    assert "criteria: 0" in configured.stdout  # "Criterios de aceptación" is Spanish
    again = run_cli("parse", "--summary", "--languages", "es-ES,en", "plan.md", cwd=tmp_path)
    assert again.stdout == detected

    check = run_cli("check", "--no-cache", "--output-format", "json", "plan.md", cwd=tmp_path)
    assert check.returncode in (0, 1), check.stderr


def test_unknown_language_is_a_usage_error(tmp_path):
    (tmp_path / "plan.md").write_text(SPANISH, encoding="utf-8")
    result = run_cli("parse", "--summary", "--languages", "es,klingon", "plan.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("planlint: error: --languages: unknown language 'klingon'")
