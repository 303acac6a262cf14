import AltDateTimeWidget from '@rjsf/antd/lib/widgets/AltDateTimeWidget/index.js';
import AltDateWidget from '@rjsf/antd/lib/widgets/AltDateWidget/index.js';
import DateTimeWidget from '@rjsf/antd/lib/widgets/DateTimeWidget/index.js';
import DateWidget from '@rjsf/antd/lib/widgets/DateWidget/index.js';
import RadioWidget from '@rjsf/antd/lib/widgets/RadioWidget/index.js';
import RangeWidget from '@rjsf/antd/lib/widgets/RangeWidget/index.js';
// The date widgets' pickers speak Chinese (src/time.ts says why it is loaded here).
import 'dayjs/locale/zh-cn';

/** rjsf's Ant Design widgets that few forms draw, in one chunk that ActionForm loads when one does. */
export const widgets = { AltDateTimeWidget, AltDateWidget, DateTimeWidget, DateWidget, RadioWidget, RangeWidget };
