import { lazy, Suspense, useContext, useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import { Button, ConfigProvider, Skeleton, Space, Typography } from 'antd';
// The style Ant Design's Upload registers for its markup; imported alone, without the Upload.
import useUploadStyle from 'antd/es/upload/style';
import { UploadOutlined } from '@ant-design/icons';
import { withTheme } from '@rjsf/core';
import ArrayFieldItemTemplate from '@rjsf/antd/lib/templates/ArrayFieldItemTemplate/index.js';
import ArrayFieldTemplate from '@rjsf/antd/lib/templates/ArrayFieldTemplate/index.js';
import BaseInputTemplate from '@rjsf/antd/lib/templates/BaseInputTemplate/index.js';
import DescriptionFieldTemplate from '@rjsf/antd/lib/templates/FieldDescriptionTemplate/index.js';
import FieldErrorTemplate from '@rjsf/antd/lib/templates/FieldErrorTemplate/index.js';
import FieldTemplate from '@rjsf/antd/lib/templates/FieldTemplate/index.js';
import GridTemplate from '@rjsf/antd/lib/templates/GridTemplate/index.js';
import { AddButton, ClearButton, CopyButton, MoveDownButton, MoveUpButton, RemoveButton } from '@rjsf/antd/lib/templates/IconButton/index.js';
import MultiSchemaFieldTemplate from '@rjsf/antd/lib/templates/MultiSchemaFieldTemplate/index.js';
import ObjectFieldTemplate from '@rjsf/antd/lib/templates/ObjectFieldTemplate/index.js';
import OptionalDataControlsTemplate from '@rjsf/antd/lib/templates/OptionalDataControlsTemplate/index.js';
import SubmitButton from '@rjsf/antd/lib/templates/SubmitButton/index.js';
import TitleFieldTemplate from '@rjsf/antd/lib/templates/TitleField/index.js';
import WrapIfAdditionalTemplate from '@rjsf/antd/lib/templates/WrapIfAdditionalTemplate/index.js';
import CheckboxesWidget from '@rjsf/antd/lib/widgets/CheckboxesWidget/index.js';
import CheckboxWidget from '@rjsf/antd/lib/widgets/CheckboxWidget/index.js';
import PasswordWidget from '@rjsf/antd/lib/widgets/PasswordWidget/index.js';
import SelectWidget from '@rjsf/antd/lib/widgets/SelectWidget/index.js';
import TextareaWidget from '@rjsf/antd/lib/widgets/TextareaWidget/index.js';
import type { FieldProps, RJSFSchema, RJSFValidationError, UiSchema, WidgetProps } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { ApiError, newIdempotencyKey, request } from '../api';
import { useI18n } from '../i18n';
import { ProblemAlert } from './Problem';

/*
 * Every command's form is rendered from the JSON Schema the API publishes for its zod schema
 * (GET /forms, GET /procedures/{key}/actions), so a schema change reaches the form by itself.
 * A document reference (`x-widget: document`) is an upload: the file goes to POST /documents
 * and the form keeps the reference the command carries.
 */

/** A widget whose code (and Ant Design component) loads when a form first draws one. */
function later(name: keyof typeof import('./FormWidgets').widgets): ComponentType<WidgetProps> {
  const Widget = lazy(() => import('./FormWidgets').then((m) => ({ default: m.widgets[name] as ComponentType<WidgetProps> })));
  return function LaterWidget(props: WidgetProps) {
    return (
      <Suspense fallback={<Skeleton.Input active block />}>
        <Widget {...props} />
      </Suspense>
    );
  };
}

/*
 * rjsf's Ant Design theme, with its date, time, range and radio widgets loaded when a form has
 * such a field: they bring DatePicker, Slider and Radio (about 35 KB gzipped), which the start
 * of a procedure and most commands never draw. Its error list (the forms show errors by their
 * fields) and its expander of self-referring schemas (the commands have none) are left to rjsf's
 * plain defaults, without the Alert they bring.
 */
const Form = withTheme({
  templates: {
    ArrayFieldItemTemplate,
    ArrayFieldTemplate,
    BaseInputTemplate,
    ButtonTemplates: { AddButton, ClearButton, CopyButton, MoveDownButton, MoveUpButton, RemoveButton, SubmitButton },
    DescriptionFieldTemplate,
    FieldErrorTemplate,
    FieldTemplate,
    GridTemplate,
    MultiSchemaFieldTemplate,
    ObjectFieldTemplate,
    OptionalDataControlsTemplate,
    TitleFieldTemplate,
    WrapIfAdditionalTemplate,
  },
  widgets: {
    CheckboxesWidget,
    CheckboxWidget,
    PasswordWidget,
    SelectWidget,
    TextareaWidget,
    AltDateTimeWidget: later('AltDateTimeWidget'),
    AltDateWidget: later('AltDateWidget'),
    DateTimeWidget: later('DateTimeWidget'),
    DateWidget: later('DateWidget'),
    RadioWidget: later('RadioWidget'),
    RangeWidget: later('RangeWidget'),
  },
});

interface DocRef { sha256: string; size: number; mediaType: string; name?: string }

/**
 * Picks one file, drawn as Ant Design's `<Upload showUploadList={false}>` draws its button (the
 * same markup, classes and styles): the file goes to `onFile`, nothing else. Ant Design's Upload
 * would bring its file list, progress bars and icons (about 10 KB gzipped) that these forms,
 * which show the uploaded document's name and hash themselves, never draw.
 */
function FilePicker({ onFile, children }: { onFile: (file: File) => void; children: ReactNode }) {
  const { getPrefixCls } = useContext(ConfigProvider.ConfigContext);
  const prefixCls = getPrefixCls('upload');
  const [hashId, cssVarCls] = useUploadStyle(prefixCls, `${prefixCls}-wrapper`);
  const input = useRef<HTMLInputElement>(null);
  return (
    <span className={[`${prefixCls}-wrapper`, hashId, cssVarCls].filter(Boolean).join(' ')}>
      <div className={`${prefixCls} ${prefixCls}-select`}>
        <span className={prefixCls} onClick={() => input.current?.click()}>
          <input
            ref={input}
            accept=""
            type="file"
            name="file"
            style={{ display: 'none' }}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Emptied, so that choosing the same file again is a new choice.
              e.target.value = '';
              if (file) onFile(file);
            }}
          />
          {children}
        </span>
      </div>
    </span>
  );
}

function DocumentField(props: FieldProps) {
  const { lang } = useI18n();
  const [error, setError] = useState<unknown>();
  const value = props.formData as DocRef | undefined;
  const id = props.fieldPathId.$id;
  return (
    <div id={`${id}__upload`}>
      <Typography.Text strong>{props.schema.title ?? props.name}{props.required ? ' *' : ''}</Typography.Text>
      <div>
        <FilePicker
          onFile={async (f) => {
            try {
              const ref = await request<DocRef>('/documents', { file: f });
              props.onChange({ ...ref, name: f.name } as never, props.fieldPathId.path);
              setError(undefined);
            } catch (e) {
              setError(e);
            }
          }}
        >
          <Button icon={<UploadOutlined />}>{lang === 'zh' ? '上传文件' : 'Upload a file'}</Button>
        </FilePicker>
        {value?.sha256 && (
          <Typography.Text type="secondary" style={{ marginLeft: 8 }} data-testid="uploaded">
            {value.name} · SHA-256 {value.sha256.slice(0, 12)}…
          </Typography.Text>
        )}
      </div>
      <ProblemAlert error={error} />
    </div>
  );
}

/** uiSchema for a JSON Schema: upload fields for document references, wherever they sit. */
export function uiSchemaOf(schema: RJSFSchema): UiSchema {
  const s = schema as Record<string, unknown>;
  if (s['x-widget'] === 'document') return { 'ui:field': 'document' };
  const ui: UiSchema = {};
  // An enum's zh-CN names (x-enumNames, domain/document.ts) are what the select shows.
  if (Array.isArray(s['x-enumNames'])) ui['ui:enumNames'] = s['x-enumNames'];
  const props = s.properties as Record<string, RJSFSchema> | undefined;
  if (props) for (const [k, v] of Object.entries(props)) {
    const sub = uiSchemaOf(v);
    if (Object.keys(sub).length) ui[k] = sub;
    if ((v as Record<string, unknown>).type === 'string' && ((v as Record<string, unknown>).maxLength as number) > 200) ui[k] = { ...(ui[k] as object), 'ui:widget': 'textarea' };
  }
  const items = s.items as RJSFSchema | undefined;
  if (items && typeof items === 'object') {
    const sub = uiSchemaOf(items);
    if (Object.keys(sub).length) ui.items = sub;
  }
  // One of several shapes (anyOf/oneOf): rjsf reads each option's uiSchema from the same place.
  for (const alt of [...((s.anyOf as RJSFSchema[] | undefined) ?? []), ...((s.oneOf as RJSFSchema[] | undefined) ?? [])]) {
    if (alt && typeof alt === 'object' && (alt as Record<string, unknown>).properties) Object.assign(ui, uiSchemaOf(alt));
  }
  return ui;
}

/** JSON Schema 2020-12 from zod, as rjsf's draft-07 validator reads it. */
function forRjsf(schema: object): RJSFSchema {
  const { $schema: _drop, ...rest } = schema as Record<string, unknown>;
  return rest as RJSFSchema;
}

/** The title of the field `root_a_b` in the schema, if it has one. */
function schemaTitle(schema: RJSFSchema, id: string): string {
  let s: RJSFSchema | undefined = schema;
  for (const key of id.split('_').slice(1)) s = (s?.properties as Record<string, RJSFSchema> | undefined)?.[key];
  return typeof s?.title === 'string' ? s.title : '';
}

/**
 * The schema validator's messages in the person's words (Ajv speaks English): which field,
 * and what it needs. The API checks everything again and answers in both languages.
 */
function inWords(errors: RJSFValidationError[], lang: 'zh' | 'en'): RJSFValidationError[] {
  const zh = lang === 'zh';
  return errors.map((e) => {
    const p = (e.params ?? {}) as Record<string, unknown>;
    // rjsf has already put the field's title into the message ("must have required property '会议时间'").
    const field = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? String(p.missingProperty ?? '');
    const message =
      e.name === 'required' ? (zh ? `请填写「${field}」` : `Fill in “${field}”`)
      : e.name === 'minLength' ? (zh ? `至少 ${String(p.limit)} 个字符` : `At least ${String(p.limit)} characters`)
      : e.name === 'maxLength' ? (zh ? `至多 ${String(p.limit)} 个字符` : `At most ${String(p.limit)} characters`)
      : e.name === 'minItems' ? (zh ? `至少 ${String(p.limit)} 项` : `At least ${String(p.limit)} items`)
      : e.name === 'minimum' ? (zh ? `不小于 ${String(p.limit)}` : `At least ${String(p.limit)}`)
      : e.name === 'maximum' ? (zh ? `不大于 ${String(p.limit)}` : `At most ${String(p.limit)}`)
      : e.name === 'format' ? (zh ? '格式不正确，请按提示填写' : 'Not in the expected format')
      : e.name === 'enum' || e.name === 'const' ? (zh ? '请从选项中选择' : 'Choose one of the options')
      : e.name === 'type' ? (zh ? '请填写此项' : 'Fill this in')
      : e.message;
    return { ...e, message };
  });
}

export interface ActionFormProps {
  schema: object;
  href: string;
  onDone: (result: unknown) => void;
  initial?: object;
  submitLabel?: string;
}

export function ActionForm({ schema, href, onDone, initial, submitLabel }: ActionFormProps) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per attempt: a retried submit after a 503 or a lost answer takes effect once; after a
  // refusal (4xx) the person changes the form, which is a new request with a new key.
  const [key, setKey] = useState(newIdempotencyKey);
  const rjsfSchema = forRjsf(schema);
  const box = useRef<HTMLDivElement>(null);
  // rjsf renders the chooser of a field with several shapes (anyOf/oneOf) without a label:
  // name it after its field for screen readers (axe-core checks it in test/web).
  useEffect(() => {
    const root = box.current;
    if (!root) return;
    const label = () => {
      for (const input of root.querySelectorAll<HTMLInputElement>('input[id$="__anyof_select"], input[id$="__oneof_select"]')) {
        if (input.getAttribute('aria-label')) continue;
        const field = input.id.replace(/__(anyof|oneof)_select$/, '');
        const title = root.querySelector(`label[for="${field}"]`)?.textContent ?? (schemaTitle(rjsfSchema, field) || field);
        input.setAttribute('aria-label', title);
      }
    };
    label();
    const observer = new MutationObserver(label);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [rjsfSchema]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} ref={box}>
      <ProblemAlert error={error} />
      <Form
        schema={rjsfSchema}
        uiSchema={{ ...uiSchemaOf(rjsfSchema), 'ui:submitButtonOptions': { submitText: submitLabel ?? t('submit'), props: { loading: busy } } }}
        formData={initial}
        validator={validator}
        fields={{ document: DocumentField }}
        showErrorList={false}
        transformErrors={(errors) => inWords(errors, lang)}
        // The browser's own checks would demand every required checkbox be ticked (a required
        // boolean may well be false); the schema's validator and the API check the form instead.
        noHtml5Validate
        // A flag the schema allows only as `true` (e.g. filedOnPaper) stays unset until ticked.
        experimental_defaultFormStateBehavior={{ constAsDefaults: 'never' }}
        onSubmit={async ({ formData }) => {
          setBusy(true);
          try {
            const result = await request(href, { method: 'POST', body: formData ?? {}, idempotencyKey: key });
            setError(undefined);
            onDone(result);
          } catch (e) {
            setError(e);
            if (e instanceof ApiError && e.status < 500 && e.status !== 429) setKey(newIdempotencyKey());
          } finally {
            setBusy(false);
          }
        }}
      />
    </Space>
  );
}
