import { Alert, App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { zodRule } from '../../lib/forms';
import { applyCaseFormErrors, isFormLevelError } from './case-forms';
import { AssigneeSelect } from './assignee-select';
import { useTransition, type CaseSingle, type StepField } from './cases.api';
import { CASE_OUTCOME_CODES } from './outcomes';
import { answerSchema, assignSchema, closeSchema, reasonSchema } from './schemas';

/** The dialog an action opens, from the fields its step asks for (the case type's table says). */
type ActionInput = 'none' | 'reason' | 'assign' | 'answer' | 'close';

function inputOf(fields: readonly StepField[] = []): ActionInput {
  if (fields.includes('assignee')) return 'assign';
  if (fields.includes('answer')) return 'answer';
  if (fields.includes('outcome')) return 'close';
  if (fields.includes('reason')) return 'reason';
  return 'none';
}

/** The step forward is the primary button; refusals and withdrawals are danger buttons. */
const PRIMARY = new Set(['accept', 'assign', 'answer', 'start', 'draft_report', 'approve_report', 'deliver', 'provide_info']);
const DANGER = new Set(['reject', 'withdraw']);

/** Only the actions the caller's abilities allow, each with the inputs it needs. */
export function CaseActions({ single }: { single: CaseSingle }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const transition = useTransition();
  const [open, setOpen] = useState<string | null>(null);
  const c = single.data;
  const actions = single.abilities.actions;
  if (actions.length === 0) return null;

  const confirm = (action: string) =>
    void modal.confirm({
      title: t('cases.actionConfirm', { action: t(`cases.action.${action}`), caseNo: c.caseNo }),
      content: t(`cases.actionHint.${action}`, { defaultValue: '' }) || undefined,
      okText: t(`cases.action.${action}`),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: DANGER.has(action) },
      onOk: () =>
        transition
          .mutateAsync({ id: c.id, action, version: c.version })
          .then(() => void message.success(t('cases.actionDone', { action: t(`cases.action.${action}`) })))
          .catch((error: unknown) => void message.error(isApiError(error) ? error.message : t('error.unknown'))),
    });

  return (
    <>
      <Space wrap className="case-actions" aria-label={t('cases.actions')} role="group">
        {actions.map((action) => (
          <Button
            key={action}
            type={PRIMARY.has(action) ? 'primary' : 'default'}
            danger={DANGER.has(action)}
            onClick={() => (inputOf(single.abilities.inputs[action]) === 'none' ? confirm(action) : setOpen(action))}
          >
            {t(`cases.action.${action}`, { defaultValue: action })}
          </Button>
        ))}
      </Space>
      <ActionModal single={single} action={open} onClose={() => setOpen(null)} />
    </>
  );
}

interface ActionValues {
  reason?: string;
  answer?: string;
  outcome?: string;
  assigneeId?: string;
  overrideReason?: string;
}

/** One dialog for the actions that need input: a reason, an answer, an assignee or an outcome. */
function ActionModal({ single, action, onClose }: { single: CaseSingle; action: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const transition = useTransition();
  const [conflict, setConflict] = useState<string | null>(null);
  const fields = action ? single.abilities.inputs[action] : undefined;
  const kind = inputOf(fields);
  const c = single.data;
  // A hand-over (reassign) asks for a reason as well as the new assignee.
  const reassign = kind === 'assign' && !!fields?.includes('reason');

  useEffect(() => {
    if (!action) return;
    form.resetFields();
    setConflict(null);
    transition.reset();
    // Only when another action's dialog opens.
  }, [action]);

  const submit = async () => {
    if (!action) return;
    const raw = await form.validateFields();
    const body: { reason?: string; answer?: string; outcome?: string; assigneeId?: string; overrideReason?: string } = {};
    if (kind === 'reason') body.reason = reasonSchema.parse(raw).reason;
    if (kind === 'answer') body.answer = answerSchema.parse(raw).answer;
    if (kind === 'close') body.outcome = closeSchema.parse(raw).outcome;
    if (kind === 'assign') {
      const values = assignSchema.parse(raw);
      body.assigneeId = values.assigneeId;
      if (reassign) body.reason = reasonSchema.parse(raw).reason;
      if (conflict) body.overrideReason = reasonSchema.parse({ reason: values.overrideReason }).reason;
    }
    transition.mutate(
      { id: c.id, action, version: c.version, ...body },
      {
        onSuccess: () => {
          message.success(t('cases.actionDone', { action: t(`cases.action.${action}`) }));
          onClose();
        },
        onError: (error) => {
          if (isApiError(error) && error.code === 'COI_CONFLICT') setConflict(error.message);
          else applyCaseFormErrors(form, error);
        },
      },
    );
  };

  const error = transition.error;
  const showError = !(isApiError(error) && error.code === 'COI_CONFLICT') && isFormLevelError(form, error);
  const okText = conflict ? t('cases.assign.override') : action ? t(`cases.action.${action}`) : '';

  return (
    <Modal
      open={action !== null}
      title={action ? t('cases.actionTitle', { action: t(`cases.action.${action}`), caseNo: c.caseNo }) : ''}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={okText}
      okButtonProps={{ danger: !!conflict || (action !== null && DANGER.has(action)) }}
      cancelText={t('common.cancel')}
      confirmLoading={transition.isPending}
      destroyOnHidden
      width={560}
    >
      {showError && <Alert type="error" showIcon className="form-alert" title={isApiError(error) ? error.message : t('error.unknown')} />}
      <Form
        name="caseAction"
        form={form}
        layout="vertical"
        disabled={transition.isPending}
        onFinish={() => void submit()}
        onValuesChange={(changed: ActionValues) => {
          // Another person needs a fresh conflict check.
          if ('assigneeId' in changed) setConflict(null);
        }}
      >
        {kind === 'assign' && (
          <Form.Item name="assigneeId" label={t('cases.assign.assignee')} rules={[zodRule(assignSchema, 'assigneeId')]} required>
            <AssigneeSelect workstationId={c.workstationId} />
          </Form.Item>
        )}
        {conflict && (
          <>
            <Alert type="warning" showIcon className="form-alert" title={t('cases.assign.conflictTitle')} description={conflict} />
            <Form.Item
              name="overrideReason"
              label={t('cases.assign.overrideReason')}
              rules={[{ validator: (_rule, value) => validateReason(value) }]}
              extra={t('cases.assign.overrideHint')}
              required
            >
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          </>
        )}
        {(kind === 'reason' || reassign) && (
          <Form.Item name="reason" label={t(`cases.reason.${action}`, { defaultValue: t('cases.reason.default') })} rules={[zodRule(reasonSchema, 'reason')]} required>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        )}
        {kind === 'answer' && (
          <Form.Item name="answer" label={t('cases.field.answer')} rules={[zodRule(answerSchema, 'answer')]} required>
            <Input.TextArea rows={8} maxLength={20_000} showCount />
          </Form.Item>
        )}
        {kind === 'close' && (
          <Form.Item name="outcome" label={t('cases.field.outcome')} rules={[zodRule(closeSchema, 'outcome')]} extra={t('cases.field.outcomeHint')} required>
            <Select options={(CASE_OUTCOME_CODES[c.type] ?? []).map((code) => ({ value: code, label: t(`cases.outcome.${code}`) }))} />
          </Form.Item>
        )}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );

  async function validateReason(value: unknown) {
    const result = reasonSchema.safeParse({ reason: value });
    if (!result.success) throw new Error(t(result.error.issues[0]?.message ?? 'validation.required'));
  }
}
