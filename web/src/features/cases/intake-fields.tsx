import { DatePicker, Descriptions, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { zodRule } from '../../lib/forms';
import { IP_TYPES, RETRIEVAL_PURPOSES, type CaseType } from './cases.api';
import { useShanghaiFormat } from './labels';
import { PURPOSE_FIELD, consultationFormSchema, retrievalFormSchema } from './schemas';

/** The consultation questions (法律咨询), inside an antd Form. */
export function ConsultationFields() {
  const { t } = useTranslation();
  const rule = (field: string) => [zodRule(consultationFormSchema, field)];
  return (
    <>
      <Form.Item name="subject" label={t('cases.field.subject')} rules={rule('subject')} required>
        <Input maxLength={200} showCount />
      </Form.Item>
      <Form.Item name="ipType" label={t('cases.field.ipType')} rules={rule('ipType')} required>
        <Select options={IP_TYPES.map((value) => ({ value, label: t(`cases.ipType.${value}`) }))} />
      </Form.Item>
      <Form.Item name="question" label={t('cases.field.question')} rules={rule('question')} required>
        <Input.TextArea rows={5} maxLength={5000} showCount />
      </Form.Item>
      <Form.Item name="rightNumbers" label={t('cases.field.rightNumbers')} rules={rule('rightNumbers')} extra={t('cases.field.rightNumbersHint')}>
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
      </Form.Item>
    </>
  );
}

/** The retrieval questions (信息检索): the purpose decides which extra question is asked. */
export function RetrievalFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const purpose = Form.useWatch('purpose', form) as (typeof RETRIEVAL_PURPOSES)[number] | undefined;
  const conditional = purpose ? PURPOSE_FIELD[purpose] : undefined;
  const rule = (field: string) => [zodRule(retrievalFormSchema, field)];
  return (
    <>
      <Form.Item name="subject" label={t('cases.field.subject')} rules={rule('subject')} required>
        <Input maxLength={200} showCount />
      </Form.Item>
      <Form.Item name="purpose" label={t('cases.field.purpose')} rules={rule('purpose')} required>
        <Select options={RETRIEVAL_PURPOSES.map((value) => ({ value, label: t(`cases.purpose.${value}`) }))} />
      </Form.Item>
      {conditional && (
        <Form.Item name={conditional} label={t(`cases.field.${conditional}`)} rules={rule(conditional)} required>
          <Input maxLength={conditional === 'competitorName' ? 200 : conditional === 'markName' ? 100 : 40} />
        </Form.Item>
      )}
      <Form.Item name="technicalSolution" label={t('cases.field.technicalSolution')} rules={rule('technicalSolution')} required>
        <Input.TextArea rows={5} maxLength={10_000} showCount />
      </Form.Item>
      <Form.Item
        name="dateWanted"
        label={t('cases.field.dateWanted')}
        rules={rule('dateWanted')}
        extra={t('cases.field.dateWantedHint')}
        getValueProps={(value: string | null | undefined) => ({ value: value ? dayjs(value) : null })}
        normalize={(value: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : null)}
      >
        <DatePicker disabledDate={(day) => day.isBefore(dayjs(), 'day')} style={{ width: 220 }} />
      </Form.Item>
    </>
  );
}

export function IntakeFields({ type }: { type: CaseType }) {
  return type === 'retrieval' ? <RetrievalFields /> : <ConsultationFields />;
}

/** Only the fields of the chosen type, as the API expects them (no empty optional answers). */
export function intakeValues(type: CaseType, values: Record<string, unknown>): Record<string, unknown> {
  if (type === 'retrieval') {
    const form = retrievalFormSchema.parse(values);
    const conditional = PURPOSE_FIELD[form.purpose];
    return {
      subject: form.subject,
      purpose: form.purpose,
      technicalSolution: form.technicalSolution,
      ...(form.dateWanted ? { dateWanted: form.dateWanted } : {}),
      ...(conditional ? { [conditional]: form[conditional] } : {}),
    };
  }
  const form = consultationFormSchema.parse(values);
  return { subject: form.subject, question: form.question, ipType: form.ipType, rightNumbers: form.rightNumbers ?? [] };
}

const FIELD_ORDER = ['subject', 'ipType', 'question', 'rightNumbers', 'purpose', 'targetPatentNumber', 'competitorName', 'markName', 'technicalSolution', 'dateWanted'];

/** The intake answers of a case, labelled and in a stable order. */
export function IntakeView({ form }: { form: Record<string, unknown> }) {
  const { t } = useTranslation();
  const format = useShanghaiFormat();
  const keys = Object.keys(form).sort((a, b) => rank(a) - rank(b));
  const show = (key: string, value: unknown) => {
    if (value === null || value === undefined || value === '') return '—';
    if (key === 'ipType') return t(`cases.ipType.${String(value)}`, { defaultValue: String(value) });
    if (key === 'purpose') return t(`cases.purpose.${String(value)}`, { defaultValue: String(value) });
    if (key === 'dateWanted') return format.day(String(value));
    if (Array.isArray(value)) return value.length ? value.join('，') : '—';
    return <span className="pre-wrap">{String(value)}</span>;
  };
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      items={keys
        .filter((key) => !(Array.isArray(form[key]) && (form[key] as unknown[]).length === 0))
        .map((key) => ({ key, label: t(`cases.field.${key}`, { defaultValue: key }), children: show(key, form[key]) }))}
    />
  );

  function rank(key: string): number {
    const index = FIELD_ORDER.indexOf(key);
    return index === -1 ? FIELD_ORDER.length : index;
  }
}
