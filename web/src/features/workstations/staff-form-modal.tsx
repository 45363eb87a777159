import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Select, Switch, type FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { i18n } from '../../i18n';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { useQualificationOptions } from './registry-labels';
import { staffSchema, trainingSchema } from './schemas';
import type { StaffMember } from './types';
import { useSaveStaff, useWorkstationAccounts } from './workstations.api';

export type StaffModalState = { mode: 'create' } | { mode: 'edit'; staff: StaffMember } | null;

interface TrainingRow {
  date?: Dayjs | null;
  topic?: string;
  hours?: number | null;
}

interface StaffFormValues {
  name: string;
  title?: string | null;
  fullTime: boolean;
  qualifications: string[];
  active: boolean;
  userId?: string | null;
  training: TrainingRow[];
}

/** A rule for one field of a list row: the value alone against that field's schema. */
function itemRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value) => {
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(i18n.t(result.error.issues[0]?.message ?? 'validation.required'));
    },
  };
}

const DATE_FORMAT = 'YYYY-MM-DD';

/** Adds or edits a staff member: full or part time, qualifications, training records. */
export function StaffFormModal({ workstationId, state, onClose }: { workstationId: string; state: StaffModalState; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StaffFormValues>();
  const save = useSaveStaff(workstationId);
  const qualificationOptions = useQualificationOptions();
  const accounts = useWorkstationAccounts(workstationId, state !== null);
  const rule = (field: keyof StaffFormValues) => [zodRule(staffSchema, field)];

  useEffect(() => {
    if (!state) return;
    form.resetFields();
    if (state.mode === 'edit') {
      const { name, title, fullTime, qualifications, active, training, userId } = state.staff;
      form.setFieldsValue({
        name,
        title,
        fullTime,
        qualifications,
        active,
        userId,
        training: training.map((record) => ({ date: dayjs(record.date), topic: record.topic, hours: record.hours })),
      });
    } else {
      form.setFieldsValue({ fullTime: true, active: true, qualifications: [], training: [] });
    }
  }, [state, form]);

  const submit = async () => {
    const raw = await form.validateFields();
    const values = staffSchema.parse(raw);
    const training = (raw.training ?? []).map((row) =>
      trainingSchema.parse({ date: row.date ? row.date.format(DATE_FORMAT) : '', topic: row.topic ?? '', hours: row.hours ?? 0 }),
    );
    const body = { ...values, title: values.title ?? null, userId: values.userId ?? null, training };
    const options = { onSuccess: onClose, onError: (error: unknown) => applyServerErrors(form, error) };
    if (state?.mode === 'edit') save.mutate({ ...body, staffId: state.staff.id, version: state.staff.version }, options);
    else save.mutate(body, options);
  };

  return (
    <Modal
      open={state !== null}
      title={t(state?.mode === 'edit' ? 'staff.editTitle' : 'staff.createTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={720}
      forceRender
    >
      <Form name="staff" form={form} layout="vertical" disabled={save.isPending} onFinish={() => void submit()}>
        <Flex gap="middle" wrap>
          <Form.Item name="name" label={t('staff.name')} rules={rule('name')} required className="grow">
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="title" label={t('staff.title')} rules={rule('title')} className="grow">
            <Input maxLength={50} />
          </Form.Item>
        </Flex>
        <Form.Item name="fullTime" label={t('staff.employment')} rules={rule('fullTime')}>
          <Radio.Group
            options={[
              { value: true, label: t('staff.fullTime') },
              { value: false, label: t('staff.partTime') },
            ]}
          />
        </Form.Item>
        <Form.Item name="qualifications" label={t('staff.qualifications')} rules={rule('qualifications')} extra={t('staff.qualificationsHint')}>
          <Select mode="tags" options={qualificationOptions} tokenSeparators={[',', '，', ';', '；']} />
        </Form.Item>
        <Form.Item name="userId" label={t('staff.account')} extra={t('staff.accountHint')}>
          <Select
            allowClear
            loading={accounts.isFetching}
            placeholder={t('staff.noAccount')}
            options={(accounts.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
          />
        </Form.Item>
        {state?.mode === 'edit' && (
          <Form.Item name="active" label={t('staff.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        <h3 className="form-section">{t('staff.training')}</h3>
        <Form.List name="training">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Flex key={field.key} gap="small" align="flex-start" wrap className="training-row">
                  <Form.Item
                    name={[field.name, 'date']}
                    label={t('staff.trainingDateN', { n: index + 1 })}
                    rules={[{ validator: async (_r, value: Dayjs | null) => { if (!value) throw new Error(t('validation.required')); } }]}
                    required
                  >
                    <DatePicker format={DATE_FORMAT} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'topic']} label={t('staff.trainingTopicN', { n: index + 1 })} rules={[itemRule(trainingSchema.shape.topic)]} required className="grow">
                    <Input maxLength={200} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'hours']} label={t('staff.trainingHoursN', { n: index + 1 })} rules={[itemRule(trainingSchema.shape.hours)]} required>
                    <InputNumber min={0} max={1000} step={0.5} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    className="training-remove"
                    aria-label={t('staff.removeTrainingN', { n: index + 1 })}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ date: null, topic: '', hours: null })}>
                {t('staff.addTraining')}
              </Button>
            </>
          )}
        </Form.List>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
