import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../playbook/compile-playbook.ts';
import { EXAMPLE_SOURCE, examplePlaybook } from '../testing/example-playbook.ts';
import { gradeOf } from './grade.ts';

const example = examplePlaybook();

describe('gradeOf (example thresholds: fit A70 B40 C20 D0, engagement 1:60 2:30 3:10 4:0)', () => {
  it.each([
    [100, 100, 'A1'],
    [70, 60, 'A1'],
    [69.99, 59.99, 'B2'],
    [50, 40, 'B2'],
    [40, 30, 'B2'],
    [39, 29, 'C3'],
    [20, 10, 'C3'],
    [19, 9, 'D4'],
    [0, 0, 'D4'],
    [-20, -5, 'D4'], // below every threshold: the lowest grade
  ])('fit %d, engagement %d → %s', (fit, engagement, grade) => {
    expect(gradeOf(fit, engagement, example)).toBe(grade);
  });

  it('is null when the playbook defines no grades', () => {
    const source = structuredClone(EXAMPLE_SOURCE);
    delete source.scoring.grade;
    expect(gradeOf(80, 80, compilePlaybook(source, { id: 1, hash: 'x' }))).toBeNull();
  });
});
