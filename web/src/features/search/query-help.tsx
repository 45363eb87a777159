import { Collapse } from 'antd';
import { useTranslation } from 'react-i18next';
import { LEGAL_STATUSES, PATENT_TYPES, TRADEMARK_STATUSES } from './search.api';

type Kind = 'patent' | 'trademark';

/**
 * Each row: examples in the query language itself (the same in every UI language) and the i18n
 * key of what they mean. The operators are the same for both kinds of record; fields differ.
 */
const ROWS: Record<Kind, { key: string; examples: string[] }[]> = {
  patent: [
    { key: 'and', examples: ['锂电池 隔膜'] },
    { key: 'han', examples: ['电池', '锂电池隔膜'] },
    { key: 'latin', examples: ['5G', 'OLED'] },
    { key: 'prefix', examples: ['H01M*', 'lithi*'] },
    { key: 'number', examples: ['CN113914863A', '201710117081.7'] },
    { key: 'phrase', examples: ['"solid state"', '"Li-ion"'] },
    { key: 'or', examples: ['电池 OR 电容'] },
    { key: 'not', examples: ['-钠', 'NOT 钠'] },
    { key: 'group', examples: ['ti:(电池 OR 电容) 隔膜'] },
    { key: 'fields', examples: ['ti:隔膜', 'ap:"深圳大学"', 'ipc:H01M', 'pd:2020..2023', 'type:发明', 'status:有效'] },
  ],
  trademark: [
    { key: 'and', examples: ['鹏城 锂电'] },
    { key: 'tmHan', examples: ['华为', '小华为'] },
    { key: 'latin', examples: ['HUAWEI'] },
    { key: 'prefix', examples: ['HUA*'] },
    { key: 'tmNumber', examples: ['12345678', 'G1234567'] },
    { key: 'phrase', examples: ['"SMART HOME"'] },
    { key: 'or', examples: ['鹏城 OR 深鹏'] },
    { key: 'not', examples: ['-电池', 'NOT 电池'] },
    { key: 'group', examples: ['tm:(鹏城 OR 深鹏) gs:电池'] },
    { key: 'tmFields', examples: ['tm:鹏城', 'gs:电池', 'ap:"深圳市鹏城锂电科技有限公司"', 'nc:9', 'status:registered'] },
  ],
};

/** The documented search semantics, folded away until a person asks for them. */
export function QueryHelp({ kind = 'patent' }: { kind?: Kind }) {
  const { t } = useTranslation();
  return (
    <Collapse
      size="small"
      className="search-help"
      items={[
        {
          key: 'help',
          label: t('search.help.title'),
          children: (
            <>
              <table className="search-help-table">
                <thead>
                  <tr>
                    <th scope="col">{t('search.help.syntax')}</th>
                    <th scope="col">{t('search.help.meaning')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ROWS[kind].map((row) => (
                    <tr key={row.key}>
                      <td>
                        {row.examples.map((example) => (
                          <code key={example}>{example}</code>
                        ))}
                      </td>
                      <td>{t(`search.help.${row.key}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {kind === 'patent' ? (
                <>
                  <p className="section-hint">{t('search.help.types', { values: PATENT_TYPES.join(' | ') })}</p>
                  <p className="section-hint">{t('search.help.statuses', { values: LEGAL_STATUSES.join(' | ') })}</p>
                </>
              ) : (
                <p className="section-hint">{t('search.help.tmStatuses', { values: TRADEMARK_STATUSES.join(' | ') })}</p>
              )}
              <p className="section-hint">{t('search.help.limit')}</p>
              <p className="section-hint">{t(kind === 'patent' ? 'search.help.ranking' : 'search.help.tmRanking')}</p>
            </>
          ),
        },
      ]}
    />
  );
}
