import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { api } from '../../api/client';
import type { UserRow } from '../../api/types';
import { useCurrentUser } from '../../auth/session';
import { applyServerErrors, zodRule } from '../../lib/forms';
import { useWorkstationUsers } from '../cases/cases.api';

const handOverSchema = z.object({
  toUserId: z.string({ error: 'validation.required' }).min(1, { error: 'validation.required' }),
  reason: z.string({ error: 'validation.required' }).trim().min(1, { error: 'validation.required' }).max(500, { error: 'validation.required' }),
});
type HandOverValues = z.input<typeof handOverSchema>;

/** The workstation an admin hands over from: one they administer that the person works in. */
export function handOverWorkstation(admin: UserRow['roles'], person: UserRow): string | undefined {
  const mine = new Set(admin.filter((m) => m.role === 'workstation_admin').map((m) => m.organizationId));
  return person.roles.find((m) => mine.has(m.organizationId) && (m.role === 'workstation_staff' || m.role === 'workstation_admin'))?.organizationId;
}

/**
 * A workstation admin hands a person's open cases to a colleague, typically when the account is
 * deactivated (POST /api/cases/reassign): each case is reassigned with the reason, audited, and
 * the cases that could not be moved are counted.
 */
export function HandOverModal({ row, onClose }: { row: UserRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<HandOverValues>();
  const workstationId = row ? handOverWorkstation(me.roles, row) : undefined;
  const colleagues = useWorkstationUsers(workstationId, '', !!row);
  const handOver = useMutation({
    mutationFn: (values: HandOverValues) =>
      api.post<{ moved: string[]; skipped: { caseId: string; reason: string }[] }>('/cases/reassign', { fromUserId: row!.id, ...handOverSchema.parse(values) }),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['cases'] });
      message.success(t('user.handOverDone', { moved: result.moved.length, skipped: result.skipped.length }));
      onClose();
    },
    onError: (error) => applyServerErrors(form, error),
  });
  useEffect(() => {
    if (row) form.resetFields();
  }, [row, form]);

  const options = (colleagues.data?.items ?? []).filter((u) => u.active && u.id !== row?.id).map((u) => ({ value: u.id, label: u.displayName }));
  return (
    <Modal
      open={row !== null}
      title={row ? t('user.handOverTitle', { name: row.displayName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('user.handOver')}
      cancelText={t('common.cancel')}
      confirmLoading={handOver.isPending}
      forceRender
    >
      <p className="section-hint">{t('user.handOverHint')}</p>
      <Form name="hand-over" form={form} layout="vertical" onFinish={(values) => handOver.mutate(values)} disabled={handOver.isPending}>
        <Form.Item name="toUserId" label={t('user.handOverTo')} rules={[zodRule(handOverSchema, 'toUserId')]} required>
          <Select options={options} loading={colleagues.isFetching} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('user.handOverReason')} rules={[zodRule(handOverSchema, 'reason')]} required>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
