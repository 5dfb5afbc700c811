/**
 * seed 001 §2.1 form fields and the app's account bodies, taken as sent: the format checks that answer with
 * seed 001's texts ('Invalid phone number format', 'password must be at least 8 characters') are UserService's,
 * shared with the SMS and WeChat sign-ins.
 */
import { ApiProperty } from '@midwayjs/swagger';
import { Rule } from '@midwayjs/validate';
import { validation } from '../../error/app.error';
import { formField, mustRead, requiredText } from '../rules';

export class PhonePasswordDTO {
  @ApiProperty({ description: '中国大陆 11 位手机号', example: '13800000000' })
  @Rule(formField())
  phone?: string;

  @ApiProperty({ description: '密码（至少 8 位）', example: 'secret123' })
  @Rule(formField())
  password?: string;
}

export class NewPasswordDTO {
  @ApiProperty({ description: '新密码（至少 8 位）', example: 'newsecret456' })
  @Rule(formField())
  newPassword?: string;
}

export class PasswordWithProofDTO extends NewPasswordDTO {
  @ApiProperty({ required: false, description: '当前密码（与 smsCode 二选一）' })
  @Rule(formField())
  currentPassword?: string;

  @ApiProperty({ required: false, description: '发到本人手机的验证码（POST /api/v1/users/password/code）' })
  @Rule(formField())
  smsCode?: string;
}

export class DeleteAccountDTO {
  @ApiProperty({ enum: ['注销'], description: '必须是“注销”（防止误删）', example: '注销' })
  @Rule(
    mustRead(v => {
      if (v !== '注销') throw validation('请确认注销：confirm 必须是“注销”');
      return v;
    }),
  )
  confirm: '注销';
}

export class SmsSendDTO {
  @ApiProperty({ description: '中国大陆 11 位手机号', example: '13800000000' })
  @Rule(formField())
  phone?: string;
}

export class SmsLoginDTO extends SmsSendDTO {
  @ApiProperty({ description: '6 位短信验证码', example: '123456' })
  @Rule(formField())
  code?: string;
}

export class WechatLoginDTO {
  @ApiProperty({ description: 'getPhoneNumber 返回的 code（最多 256 个字符）' })
  @Rule(requiredText('缺少微信授权码', 256))
  phoneCode: string;

  @ApiProperty({ required: false, description: 'wx.login 的 code（用于绑定 openid）' })
  @Rule(formField())
  loginCode?: string;
}
