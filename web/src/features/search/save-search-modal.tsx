import { Alert, App, Form, Input, Modal, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { useCurrentUser } from '../../auth/session';
import { zodRule } from '../../lib/forms';
import { EnterpriseSelect } from '../cases/enterprise-select';
import { staffWorkstations, userEnterprises } from '../cases/roles';
import { applySavedSearchErrors } from './form-errors';
import { chosenValues, ChosenResultsFields } from './chosen-results-fields';
import { saveSearchSchema } from './schemas';
import { recordColumnOf, useCreateSavedSearch, type ChosenItem, type SearchKind, type SearchSort } from './search.api';

interface SaveSearchModalProps {
  open: boolean;
  /** Which records the query searches (patent by default). */
  kind?: SearchKind;
  q: string;
  /** A trademark search's Nice class ('' for none). */
  niceClass?: string;
  sort: SearchSort;
  chosen: ChosenItem[];
  onClose: () => void;
  /** After the search is saved (the chosen results went with it). */
  onSaved?: () => void;
}

/** Saves the query with the chosen results and a note on each; opens the saved search afterwards. */
export function SaveSearchModal({ open, kind = 'patent', q, niceClass = '', sort, chosen, onClose, onSaved }: SaveSearchModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const workstations = staffWorkstations(user);
  // An enterprise's legal officer keeps watches for their own enterprise; staff may name a member.
  const enterprises = userEnterprises(user);
  const [form] = Form.useForm();
  const workstationId = Form.useWatch('workstationId', form) as string | null | undefined;
  const create = useCreateSavedSearch();
  const rule = (field: string) => [zodRule(saveSearchSchema, field)];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      name: q.slice(0, 200),
      workstationId: workstations[0]?.organizationId ?? null,
      enterpriseId: enterprises[0]?.organizationId ?? null,
      watch: false,
      results: chosenValues(kind, chosen),
    });
    create.reset();
    // Reset when the dialog opens with a new choice, not when the user object changes identity.
  }, [open]);

  const submit = async () => {
    const values = saveSearchSchema.parse(await form.validateFields());
    create.mutate(
      {
        kind,
        name: values.name,
        query: q,
        ...(kind === 'trademark' && niceClass ? { niceClass: Number(niceClass) } : {}),
        sort,
        purpose: values.purpose || undefined,
        technicalSolution: values.technicalSolution || undefined,
        workstationId: values.workstationId ?? null,
        enterpriseId: values.enterpriseId ?? null,
        watch: values.watch ?? false,
        results: (values.results ?? []).map((result) => ({ [recordColumnOf(kind)]: result[recordColumnOf(kind)], category: result.category ?? null, note: result.note ?? '' })),
      },
      {
        onSuccess: (result) => {
          message.success(t('search.save.done'));
          onSaved?.();
          onClose();
          navigate(`/saved-searches/${result.data.id}`);
        },
        onError: (error) => applySavedSearchErrors(form, error),
      },
    );
  };

  const formLevelError = create.error && !applySavedSearchErrors(form, create.error, { dryRun: true });

  return (
    <Modal
      open={open}
      title={t('search.save.title')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('search.save.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      width={720}
      forceRender
    >
      {formLevelError && <Alert type="error" showIcon role="alert" className="form-alert" title={isApiError(create.error) ? create.error.message : t('error.unknown')} />}
      <Form name="saveSearch" form={form} layout="vertical" disabled={create.isPending} onFinish={() => void submit()}>
        <Form.Item label={t('search.query.label')}>
          <code className="search-query-code">{q}</code>
          {kind === 'trademark' && niceClass && <span className="search-query-class">{t('search.trademark.classTag', { n: niceClass })}</span>}
        </Form.Item>
        <Form.Item name="name" label={t('search.save.name')} rules={rule('name')} required>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="purpose" label={t('search.save.purpose')} rules={rule('purpose')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="technicalSolution" label={t(kind === 'patent' ? 'search.save.technicalSolution' : 'search.save.markSubject')} rules={rule('technicalSolution')}>
          <Input.TextArea rows={3} maxLength={20_000} />
        </Form.Item>
        {workstations.length > 0 && (
          <Form.Item name="workstationId" label={t('search.save.workstation')}>
            <Select
              allowClear
              options={workstations.map((membership) => ({ value: membership.organizationId, label: membership.organizationName }))}
            />
          </Form.Item>
        )}
        {enterprises.length > 0 ? (
          <Form.Item name="enterpriseId" label={t('search.save.enterprise')} extra={t('search.save.enterpriseHint')}>
            <Select allowClear options={enterprises.map((membership) => ({ value: membership.organizationId, label: membership.organizationName }))} />
          </Form.Item>
        ) : (
          workstations.length > 0 && (
            <Form.Item name="enterpriseId" label={t('search.save.enterprise')} extra={t('search.save.enterpriseHint')}>
              <EnterpriseSelect workstationId={workstationId ?? undefined} aria-label={t('search.save.enterprise')} />
            </Form.Item>
          )
        )}
        <Form.Item name="watch" label={t('search.save.watch')} valuePropName="checked" extra={t('search.save.watchHint')}>
          <Switch />
        </Form.Item>
        <h3 className="search-subtitle">{t('search.save.chosen')}</h3>
        {chosen.length === 0 && <p className="section-hint">{t('search.save.noneChosen')}</p>}
        <ChosenResultsFields kind={kind} chosen={chosen} />
      </Form>
    </Modal>
  );
}
