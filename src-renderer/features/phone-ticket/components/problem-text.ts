import { limits } from '../../../../src-shared/limits.js';
import { formatCount } from '../../../i18n/format.js';
import { useLanguageStore } from '../../../i18n/language-store.js';
import { useT } from '../../../i18n/use-t.js';
import type { FieldProblem } from '../phone-form.js';

/** What is wrong with a field, in words that say what to do; nothing typed is taken away. */
export function useProblemText(): (problem: FieldProblem) => string {
  const t = useT();
  const language = useLanguageStore((state) => state.language);
  const count = (value: number): string => formatCount(language, value);
  return (problem) => {
    switch (problem.field) {
      case 'caller':
        return t('phone.problem.caller');
      case 'title':
        return problem.problem === 'missing' ? t('phone.problem.title-missing') : t('phone.problem.too-long', count(problem.length), count(limits.ticketTitleMaxLength));
      case 'queue':
        return t('phone.problem.queue');
      case 'notes':
        return problem.problem === 'missing' ? t('phone.problem.notes-missing') : t('phone.problem.too-long', count(problem.length), count(limits.articleBodyMaxLength));
    }
  };
}
