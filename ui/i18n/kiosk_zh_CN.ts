<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AcceptancePanel</name>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="93"/>
        <source>Accept remotely</source>
        <translation>远程受理</translation>
    </message>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="101"/>
        <source>Remote acceptance is possible once the resident has submitted.</source>
        <translation>群众提交申请后才能远程受理。</translation>
    </message>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="103"/>
        <source>Application %1 can be accepted remotely.</source>
        <translation>办件 %1 可以远程受理。</translation>
    </message>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="104"/>
        <source>Asking the platform…</source>
        <translation>正在请求平台…</translation>
    </message>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="106"/>
        <source>Waiting for the resident to agree to remote acceptance of %1…</source>
        <translation>等待群众同意远程受理办件 %1…</translation>
    </message>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="108"/>
        <source>The resident agreed; storing the acceptance…</source>
        <translation>群众已同意，正在保存受理记录…</translation>
    </message>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="109"/>
        <source>Application %1 accepted by %2 at %3.</source>
        <translation>办件 %1 已由 %2 于 %3 受理。</translation>
    </message>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="110"/>
        <source>The resident refused remote acceptance of %1.</source>
        <translation>群众不同意远程受理办件 %1。</translation>
    </message>
    <message>
        <location filename="../clerk/acceptance_panel.py" line="111"/>
        <source>Remote acceptance failed. Try again.</source>
        <translation>远程受理失败，请重试。</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <location filename="../call_panel.py" line="144"/>
        <source>You are number %1 in line, about %2 minutes.</source>
        <translation>您现在排第 %1 位，大约还要等 %2 分钟。</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="147"/>
        <source>A clerk has answered. Connecting the video…</source>
        <translation>工作人员已接听，正在连接视频…</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="148"/>
        <source>You are talking with a clerk. You can keep using the kiosk.</source>
        <translation>您正在和工作人员视频通话，可以继续在本机办理。</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="150"/>
        <source>The clerk&apos;s connection dropped. Please wait, the clerk is reconnecting…</source>
        <translation>工作人员的网络断开了，请稍候，正在重新连接…</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="153"/>
        <source>The clerk was disconnected; you are first in line again (about %1 minutes).</source>
        <translation>工作人员连接已断开，您已重新排在第一位（大约等 %1 分钟）。</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="155"/>
        <source>The connection dropped. Reconnecting…</source>
        <translation>网络断开了，正在重新连接…</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="156"/>
        <source>The call has ended.</source>
        <translation>通话已结束。</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="157"/>
        <source>Thank you for your rating.</source>
        <translation>感谢您的评价。</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="161"/>
        <source>Video call with a clerk</source>
        <translation>视频连线工作人员</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="172"/>
        <source>Clerk %1, staff number %2</source>
        <translation>工作人员 %1，工号 %2</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="179"/>
        <source>Please put the document under the document camera. The document camera is being shown to the clerk.</source>
        <translation>请把材料放在高拍仪下面。工作人员能看到高拍仪的画面。</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="185"/>
        <source>How did the clerk help you?</source>
        <translation>您对工作人员的服务满意吗？</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="187"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="190"/>
        <source>Leave the line</source>
        <translation>退出排队</translation>
    </message>
    <message>
        <location filename="../call_panel.py" line="190"/>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
</context>
<context>
    <name>CallView</name>
    <message>
        <location filename="../clerk/call_view.py" line="153"/>
        <source>Call ended by you.</source>
        <translation>您已挂断通话。</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="154"/>
        <source>Call ended by the resident.</source>
        <translation>群众已挂断通话。</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="155"/>
        <source>Call ended: the connection was lost.</source>
        <translation>通话结束：连接中断。</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="157"/>
        <source>Call ended.</source>
        <translation>通话已结束。</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="159"/>
        <source>Connecting to the kiosk…</source>
        <translation>正在连接自助终端…</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="160"/>
        <source>Connected</source>
        <translation>已接通</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="161"/>
        <source>Resident reconnecting…</source>
        <translation>群众端正在重连…</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="166"/>
        <source>Recording sealed (SM3 %1…)</source>
        <translation>录像已存证（SM3 %1…）</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="172"/>
        <source>Sealing the recording…</source>
        <translation>录像存证中…</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="173"/>
        <source>● Recording</source>
        <translation>● 录像中</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="180"/>
        <source>elderly resident</source>
        <translation>长者</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="192"/>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="193"/>
        <source>Back to the queue</source>
        <translation>返回排队列表</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="197"/>
        <source>You</source>
        <translation>本人</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="198"/>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="200"/>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <location filename="../clerk/call_view.py" line="200"/>
        <source>Fit to panel</source>
        <translation>适应窗口</translation>
    </message>
</context>
<context>
    <name>ClerkConsoleWindow</name>
    <message>
        <location filename="../clerk/console_window.py" line="334"/>
        <source>Clerk console — remote service window</source>
        <translation>远程窗口工作台</translation>
    </message>
    <message>
        <location filename="../clerk/console_window.py" line="343"/>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../clerk/console_window.py" line="347"/>
        <source>Connection to the platform lost; reconnecting…</source>
        <translation>与平台的连接已断开，正在重连…</translation>
    </message>
    <message>
        <location filename="../clerk/console_window.py" line="348"/>
        <source>The platform refused the connection. Sign out and sign in again.</source>
        <translation>平台拒绝连接，请退出后重新登录。</translation>
    </message>
    <message>
        <location filename="../clerk/console_window.py" line="350"/>
        <source>The call recording could not be saved. Tell your supervisor.</source>
        <translation>通话录像未能保存，请报告值班长。</translation>
    </message>
    <message>
        <location filename="../clerk/console_window.py" line="355"/>
        <source>The platform refused the last action (%1).</source>
        <translation>平台拒绝了上一操作（%1）。</translation>
    </message>
</context>
<context>
    <name>DevicePromptOverlay</name>
    <message>
        <location filename="../device_prompt.py" line="64"/>
        <source>The card could not be read completely. Please place it on the reader again and keep it still.</source>
        <translation>卡片没有读完整。请把卡片再次放到读卡器上，并保持不动。</translation>
    </message>
    <message>
        <location filename="../device_prompt.py" line="67"/>
        <source>Please take your card with you.</source>
        <translation>请取走您的卡片。</translation>
    </message>
    <message>
        <location filename="../device_prompt.py" line="68"/>
        <source>Please take your paper from the printer.</source>
        <translation>请从打印机取走您的回执或文件。</translation>
    </message>
    <message>
        <location filename="../device_prompt.py" line="73"/>
        <source>Done</source>
        <translation>好了</translation>
    </message>
    <message>
        <location filename="../device_prompt.py" line="74"/>
        <source>Use another way</source>
        <translation>换一种方式</translation>
    </message>
</context>
<context>
    <name>FacePanel</name>
    <message>
        <location filename="../screens/face_panel.py" line="133"/>
        <source>Agree and take my photo</source>
        <translation>同意并拍照</translation>
    </message>
    <message>
        <location filename="../screens/face_panel.py" line="137"/>
        <source>This is not a valid ID number. Please check it and correct it.</source>
        <translation>这不是有效的身份证号码，请检查并改正。</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <location filename="../screens/form.py" line="108"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../screens/form.py" line="109"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../screens/form.py" line="189"/>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../screens/form.py" line="189"/>
        <source>Fill in</source>
        <translation>填写</translation>
    </message>
    <message>
        <location filename="../screens/form.py" line="219"/>
        <source>%1 of %2 items were filled in for you (%3%). Please check them.</source>
        <translation>已为您自动填写 %2 项中的 %1 项（%3%），请核对。</translation>
    </message>
    <message>
        <location filename="../screens/form.py" line="242"/>
        <source>Check your application form</source>
        <translation>核对申请表</translation>
    </message>
    <message>
        <location filename="../screens/form.py" line="243"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/form.py" line="244"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>GuidanceBar</name>
    <message>
        <location filename="../clerk/guidance_bar.py" line="149"/>
        <source>button: %1</source>
        <translation>按钮：%1</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="200"/>
        <location filename="../clerk/guidance_bar.py" line="219"/>
        <source>Only https:// links can be sent.</source>
        <translation>只能发送 https:// 链接。</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="225"/>
        <source>Highlight</source>
        <translation>高亮提示</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="226"/>
        <source>Show the resident</source>
        <translation>提示群众</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="227"/>
        <source>Fill in</source>
        <translation>代填</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="228"/>
        <source>Value to propose</source>
        <translation>建议填写的内容</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="229"/>
        <source>Propose</source>
        <translation>发送建议</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="230"/>
        <source>Note</source>
        <translation>留言</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="231"/>
        <source>A short note shown on the kiosk</source>
        <translation>在自助终端上显示的简短留言</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="232"/>
        <source>Send note</source>
        <translation>发送留言</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="233"/>
        <source>Guide video</source>
        <translation>指引视频</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="235"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="236"/>
        <source>Send link</source>
        <translation>发送链接</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="238"/>
        <source>Elderly mode: on</source>
        <translation>长者模式：开</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="238"/>
        <source>Elderly mode: off</source>
        <translation>长者模式：关</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="241"/>
        <source>No document camera at this kiosk</source>
        <translation>本终端无高拍仪</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="243"/>
        <source>Document camera: on</source>
        <translation>高拍仪：开</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="245"/>
        <source>Document camera: off</source>
        <translation>高拍仪：关</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="252"/>
        <source>%1: waiting for the resident to confirm</source>
        <translation>%1：等待群众确认</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="253"/>
        <source>%1: confirmed by the resident</source>
        <translation>%1：群众已确认</translation>
    </message>
    <message>
        <location filename="../clerk/guidance_bar.py" line="254"/>
        <source>%1: refused by the resident</source>
        <translation>%1：群众已拒绝</translation>
    </message>
</context>
<context>
    <name>GuidanceOverlay</name>
    <message>
        <location filename="../guidance_overlay.py" line="110"/>
        <source>The clerk suggests a value</source>
        <translation>工作人员建议填写</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="112"/>
        <source>The clerk suggests: %1 = %2. Use it?</source>
        <translation>工作人员建议“%1”填写：%2。要使用吗？</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="116"/>
        <source>Use it</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="117"/>
        <source>No, keep mine</source>
        <translation>不用，保留我填的</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="119"/>
        <source>Remote acceptance</source>
        <translation>远程受理</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="122"/>
        <source>Clerk %1 (%2) will accept your application %3 on your behalf. The call is recorded. Do you agree?</source>
        <translation>工作人员 %1（工号 %2）将为您远程受理“%3”申请。本次通话全程录像。您同意吗？</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="129"/>
        <source>Agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="130"/>
        <source>Don&apos;t agree</source>
        <translation>不同意</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="132"/>
        <source>A note from the clerk</source>
        <translation>工作人员留言</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="134"/>
        <source>OK</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="136"/>
        <source>A guide video</source>
        <translation>指引视频</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="137"/>
        <source>Scan the code with your phone to watch the video.</source>
        <translation>请用手机扫码观看视频。</translation>
    </message>
    <message>
        <location filename="../guidance_overlay.py" line="139"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <location filename="../screens/guide.py" line="45"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="46"/>
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="55"/>
        <source>Steps:</source>
        <translation>办理步骤：</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="61"/>
        <source>already held as an e-licence, nothing to bring</source>
        <translation>已有电子证照，无需提交</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="63"/>
        <source>required</source>
        <translation>必交</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="65"/>
        <source>if you have it</source>
        <translation>如有请提交</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="68"/>
        <source>Materials:</source>
        <translation>所需材料：</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="70"/>
        <source>No materials are needed.</source>
        <translation>无需提交材料。</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="72"/>
        <source>Done on the spot.</source>
        <translation>即时办结。</translation>
    </message>
    <message>
        <location filename="../screens/guide.py" line="75"/>
        <source>Processed within %1 working days.</source>
        <translation>%1 个工作日内办结。</translation>
    </message>
</context>
<context>
    <name>HelpScreen</name>
    <message>
        <location filename="../screens/help.py" line="147"/>
        <source>Need help?</source>
        <translation>需要帮助吗？</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="148"/>
        <source>Video call with a clerk</source>
        <translation>视频连线工作人员</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="152"/>
        <source>You are number %1 in line, about %2 minutes.</source>
        <translation>您现在排第 %1 位，大约还要等 %2 分钟。</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="158"/>
        <source>All clerks are busy right now. A clerk can call you back, or you can call the hotline.</source>
        <translation>工作人员都在忙。可以请工作人员给您回电，也可以拨打12345市民服务热线。</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="162"/>
        <source>Video help is not available right now. Please call the hotline or ask at a staffed window.</source>
        <translation>视频求助暂时不能使用。请拨打12345市民服务热线，或到人工窗口咨询。</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="166"/>
        <source>Thank you. A clerk will call you back on %1.</source>
        <translation>谢谢您。工作人员会拨打 %1 给您回电。</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="171"/>
        <source>Call me back</source>
        <translation>请给我回电</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="175"/>
        <source>That is not a phone number. Please check it and try again.</source>
        <translation>手机号码不对，请检查后重新输入。</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="177"/>
        <source>Your mobile phone number:</source>
        <translation>您的手机号码：</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="184"/>
        <source>Call me back on this number</source>
        <translation>请打这个号码给我回电</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="189"/>
        <source>Leave the line</source>
        <translation>退出排队</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="189"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="191"/>
        <source>Call the citizen service hotline:</source>
        <translation>请拨打市民服务热线：</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="195"/>
        <source>Or ask at the staffed window of the nearest community affairs acceptance centre. Your application here stays open while you ask.</source>
        <translation>也可以到就近的社区事务受理服务中心人工窗口咨询。您在这里的办理进度会保留。</translation>
    </message>
    <message>
        <location filename="../screens/help.py" line="199"/>
        <source>Back to my application</source>
        <translation>返回继续办理</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location filename="../clerk/history_view.py" line="77"/>
        <source>accepted %1</source>
        <translation>已受理 %1</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="87"/>
        <source>All calls</source>
        <translation>全部通话</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="87"/>
        <source>My calls</source>
        <translation>我的通话</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="88"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="91"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="92"/>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="93"/>
        <source>Wait</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="94"/>
        <source>Duration</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="95"/>
        <source>Remote acceptance</source>
        <translation>远程受理</translation>
    </message>
    <message>
        <location filename="../clerk/history_view.py" line="96"/>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <location filename="../screens/home.py" line="50"/>
        <source>Shanghai One-Network Government Services</source>
        <translation>上海“一网通办”政务服务</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="51"/>
        <source>Self-service kiosk: certificates, records and applications</source>
        <translation>自助终端：证明打印、信息查询、事项申请</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="52"/>
        <source>Tap here to start</source>
        <translation>点击这里开始办理</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="54"/>
        <source>You can also place your ID card on the reader to start straight away.</source>
        <translation>也可以直接把身份证放在读卡区开始办理。</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="59"/>
        <source>This kiosk is out of service. Please use another kiosk nearby or a staffed window.</source>
        <translation>本机暂停服务。请使用附近其他自助终端，或到人工窗口办理。</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="65"/>
        <source>Services are not available yet: this kiosk is connecting to the platform.</source>
        <translation>本机正在连接政务服务平台，暂时无法办理业务。</translation>
    </message>
    <message>
        <location filename="../screens/home.py" line="70"/>
        <source>The network is down. You can still apply: your application is saved here and sent automatically when the network returns.</source>
        <translation>网络暂时中断。您仍然可以办理：申请会先保存在本机，网络恢复后自动提交。</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../screens/identify.py" line="139"/>
        <source>Second-generation ID card
Place it flat on the reader</source>
        <translation>第二代居民身份证
请平放在读卡区</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="142"/>
        <source>Social security card
Insert it into the card slot</source>
        <translation>社会保障卡
请插入读卡口</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="145"/>
        <source>Suishen code
Show it on your phone or on paper</source>
        <translation>随申码
出示手机随申码或纸质随申码</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="148"/>
        <source>Face check
Type your ID number, look at the camera</source>
        <translation>刷脸核验
输入身份证号码，看向摄像头</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="151"/>
        <source>Passport (foreign residents)
Type 3 details, place it on the reader</source>
        <translation>护照（外籍人士）
输入 3 项信息，放在读卡器上</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="164"/>
        <source>Agree and continue</source>
        <translation>同意并继续</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="165"/>
        <source>No, I will fill in myself</source>
        <translation>不同意，我自己填写</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="166"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="169"/>
        <source>social security card</source>
        <translation>社保卡</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="171"/>
        <source>ID card</source>
        <translation>身份证</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="175"/>
        <source>Who is applying?</source>
        <translation>请认证身份</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="176"/>
        <source>Choose how to identify yourself.</source>
        <translation>请选择身份认证方式。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="178"/>
        <source>Please present your %1</source>
        <translation>请出示您的%1</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="179"/>
        <source>The light on the reader turns on while it reads.</source>
        <translation>读卡时读卡器指示灯会亮起。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="181"/>
        <source>Reading your %1…</source>
        <translation>正在读取您的%1…</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="182"/>
        <source>Please do not move the card.</source>
        <translation>请不要移动证件。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="185"/>
        <source>Hello, %1</source>
        <translation>%1，您好</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="189"/>
        <source>May this kiosk fetch the information government departments already hold about you (address, phone, social insurance, earlier applications) to fill in forms for you? It is used only for this visit and erased when you finish.</source>
        <translation>是否授权本机调取政府部门已有的您的信息（地址、电话、社保、以往办件），为您自动填写表单？这些信息仅用于本次办理，结束后立即清除。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="196"/>
        <source>Fetching your information…</source>
        <translation>正在调取您的信息…</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="197"/>
        <location filename="../screens/identify.py" line="220"/>
        <source>This takes a few seconds.</source>
        <translation>请稍候几秒钟。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="199"/>
        <source>Show your Suishen code to the camera</source>
        <translation>请将随申码对准摄像头</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="201"/>
        <source>Hold it inside the yellow frame, about 20 cm from the camera.</source>
        <translation>请把随申码放在黄色框内，距离摄像头约20厘米。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="204"/>
        <source>Type your ID number</source>
        <translation>请输入身份证号码</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="207"/>
        <source>The kiosk then takes a photo of your face and sends it with your ID number to the government platform, which compares it with your ID photo. If they match, the kiosk fetches your information to fill in forms. The photo is deleted after the check.</source>
        <translation>随后本机会为您拍一张脸部照片，连同身份证号码发送到政务平台，与您的证件照比对。比对一致后，本机将获取您的信息用于填表。照片在核验后即删除。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="214"/>
        <source>Look at the camera</source>
        <translation>请看摄像头</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="216"/>
        <source>The photo is taken by itself when your face is clear and still.</source>
        <translation>当您的脸部清晰且保持不动时，会自动拍照。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="219"/>
        <source>Checking your face…</source>
        <translation>正在核验人脸……</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="222"/>
        <source>Type three details from your passport</source>
        <translation>请输入护照上的三项信息</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="225"/>
        <source>From the page with your photo: the passport number, your date of birth and the expiry date. They unlock the passport&apos;s chip; the kiosk sends them nowhere.</source>
        <translation>请看护照照片页：护照号码、出生日期和有效期至。这些信息用于打开护照芯片，本机不会把它们发送到任何地方。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="231"/>
        <source>Place your passport on the reader</source>
        <translation>请把护照放在读卡器上</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="233"/>
        <source>Lay it flat, closed, on the card reader and leave it there.</source>
        <translation>请将护照合上，平放在读卡器上，不要拿开。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="236"/>
        <source>Reading your passport…</source>
        <translation>正在读取护照……</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="237"/>
        <source>Please do not move the passport.</source>
        <translation>请不要移动护照。</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="239"/>
        <source>Now place your ID card on the reader</source>
        <translation>请再将身份证放在读卡区</translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="242"/>
        <source>A paper Suishen code shows your rights but does not prove who you are: the kiosk checks that it belongs to your ID card.</source>
        <translation>纸质随申码可证明您的权益，但不能证明本人身份：本机将核对它与您的身份证是否一致。</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../idle_overlay.py" line="42"/>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="44"/>
        <source>In %1 seconds this kiosk will end your session and erase your information.</source>
        <translation>%1 秒后本机将结束办理并清除您的信息。</translation>
    </message>
    <message>
        <location filename="../idle_overlay.py" line="47"/>
        <source>I am still here</source>
        <translation>我还在，继续办理</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../kiosk_controller.py" line="358"/>
        <source>Your application could not be saved. Nothing was sent. Please try again or ask for help.</source>
        <translation>申请未能保存，也没有发送。请重试或寻求帮助。</translation>
    </message>
</context>
<context>
    <name>KioskTerms</name>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="15"/>
        <source>home screen</source>
        <translation>首页</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="16"/>
        <source>identifying</source>
        <translation>身份核验</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="17"/>
        <source>choosing a service</source>
        <translation>选择事项</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="18"/>
        <source>reading the guide</source>
        <translation>阅读办事指南</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="19"/>
        <source>filling in the form</source>
        <translation>填写申请表</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="20"/>
        <source>capturing materials</source>
        <translation>拍摄材料</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="21"/>
        <source>checking and signing</source>
        <translation>核对并签名</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="22"/>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="23"/>
        <source>rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="24"/>
        <source>help screen</source>
        <translation>求助页</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="25"/>
        <source>leaving</source>
        <translation>离开</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="32"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="33"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="34"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="35"/>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="36"/>
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="37"/>
        <source>Clear signature</source>
        <translation>清除签名</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="38"/>
        <source>Print again</source>
        <translation>再次打印</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="39"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="40"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="41"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="42"/>
        <source>Stay</source>
        <translation>继续办理</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="43"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="44"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="45"/>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="46"/>
        <source>Elderly mode</source>
        <translation>长者模式</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="47"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="48"/>
        <source>ID card</source>
        <translation>身份证</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="49"/>
        <source>Suishen code</source>
        <translation>随申码</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="50"/>
        <source>Face</source>
        <translation>人脸识别</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="51"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="52"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../clerk/kiosk_terms.py" line="53"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
</context>
<context>
    <name>LeavingScreen</name>
    <message>
        <location filename="../screens/leaving.py" line="40"/>
        <source>Leaving without finishing?</source>
        <translation>还没办完就要离开吗？</translation>
    </message>
    <message>
        <location filename="../screens/leaving.py" line="43"/>
        <source>Tell us why in one tap, so we can fix it. Your information is erased when you leave.</source>
        <translation>点一下告诉我们原因，帮助我们改进。离开时您的信息会被清除。</translation>
    </message>
    <message>
        <location filename="../screens/leaving.py" line="49"/>
        <source>Just leave</source>
        <translation>直接离开</translation>
    </message>
    <message>
        <location filename="../screens/leaving.py" line="50"/>
        <source>Continue my application</source>
        <translation>继续办理</translation>
    </message>
</context>
<context>
    <name>MaterialsScreen</name>
    <message>
        <location filename="../screens/materials.py" line="63"/>
        <source>Materials</source>
        <translation>提交材料</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="65"/>
        <source>Lay each page face up under the document camera, then tap “Capture”.</source>
        <translation>请将材料正面朝上放在高拍仪下，然后点击“拍摄”。</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="67"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="68"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="76"/>
        <source>required</source>
        <translation>必交</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="76"/>
        <source>optional</source>
        <translation>选交</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="83"/>
        <source>Taken from your e-licences</source>
        <translation>已从电子证照库调取</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="86"/>
        <source>Captured</source>
        <translation>已拍摄</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="92"/>
        <source>Capture again</source>
        <translation>重新拍摄</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="95"/>
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <location filename="../screens/materials.py" line="97"/>
        <source>Capturing…</source>
        <translation>正在拍摄…</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../messages.py" line="36"/>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location filename="../messages.py" line="37"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../messages.py" line="38"/>
        <source>Basically satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../messages.py" line="39"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../messages.py" line="40"/>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location filename="../messages.py" line="46"/>
        <source>I waited too long</source>
        <translation>等待时间太长</translation>
    </message>
    <message>
        <location filename="../messages.py" line="47"/>
        <source>The kiosk was hard to use</source>
        <translation>设备不好用</translation>
    </message>
    <message>
        <location filename="../messages.py" line="48"/>
        <source>Too many materials were asked for</source>
        <translation>要求的材料太多</translation>
    </message>
    <message>
        <location filename="../messages.py" line="51"/>
        <source>The guide was unclear</source>
        <translation>办事指南不清楚</translation>
    </message>
    <message>
        <location filename="../messages.py" line="52"/>
        <location filename="../messages.py" line="62"/>
        <source>Something did not work</source>
        <translation>系统出了问题</translation>
    </message>
    <message>
        <location filename="../messages.py" line="53"/>
        <source>Staff attitude</source>
        <translation>工作人员态度</translation>
    </message>
    <message>
        <location filename="../messages.py" line="54"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../messages.py" line="60"/>
        <source>I could not find my service</source>
        <translation>找不到要办的事项</translation>
    </message>
    <message>
        <location filename="../messages.py" line="61"/>
        <source>I do not have a material with me</source>
        <translation>没有带齐材料</translation>
    </message>
    <message>
        <location filename="../messages.py" line="63"/>
        <source>It is too complicated</source>
        <translation>操作太复杂</translation>
    </message>
    <message>
        <location filename="../messages.py" line="64"/>
        <source>I am not eligible</source>
        <translation>不符合办理条件</translation>
    </message>
    <message>
        <location filename="../messages.py" line="65"/>
        <source>A device (card reader, printer) did not work</source>
        <translation>设备（读卡器、打印机）故障</translation>
    </message>
    <message>
        <location filename="../messages.py" line="68"/>
        <source>Another reason</source>
        <translation>其他原因</translation>
    </message>
    <message>
        <location filename="../messages.py" line="74"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../messages.py" line="75"/>
        <source>Look up</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../messages.py" line="76"/>
        <source>Apply</source>
        <translation>申请</translation>
    </message>
    <message>
        <location filename="../messages.py" line="77"/>
        <source>One-stop bundle</source>
        <translation>一件事</translation>
    </message>
    <message>
        <location filename="../messages.py" line="84"/>
        <source>Entered by you</source>
        <translation>本人填写</translation>
    </message>
    <message>
        <location filename="../messages.py" line="87"/>
        <source>From your passport</source>
        <translation>来自您的护照</translation>
    </message>
    <message>
        <location filename="../messages.py" line="89"/>
        <source>From your ID card</source>
        <translation>来自身份证</translation>
    </message>
    <message>
        <location filename="../messages.py" line="90"/>
        <source>From government records</source>
        <translation>来自政府登记信息</translation>
    </message>
    <message>
        <location filename="../messages.py" line="91"/>
        <source>From your earlier applications</source>
        <translation>来自以往办件</translation>
    </message>
    <message>
        <location filename="../messages.py" line="92"/>
        <location filename="../messages.py" line="93"/>
        <source>Filled in automatically</source>
        <translation>自动填写</translation>
    </message>
    <message>
        <location filename="../messages.py" line="98"/>
        <source>This card could not be verified. Please use another card or ask for help.</source>
        <translation>此证件无法核验，请换用其他证件或寻求帮助。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="101"/>
        <source>This card has expired. Please renew it at a police service window, or use another card.</source>
        <translation>此证件已过有效期，请到公安户籍窗口换领，或换用其他证件。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="111"/>
        <source>The ID number in “%1” is not correct: please check every digit.</source>
        <translation>“%1”中的身份证号码不正确，请逐位核对。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="114"/>
        <source>“%1” must be an 11-digit mobile number or a landline number.</source>
        <translation>“%1”应为11位手机号码或固定电话号码。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="117"/>
        <source>“%1” must be a date like 2024-05-01.</source>
        <translation>“%1”应为日期，例如 2024-05-01。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="118"/>
        <source>“%1” must be a 6-digit postcode.</source>
        <translation>“%1”应为6位邮政编码。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="119"/>
        <source>The bank card number in “%1” is not correct.</source>
        <translation>“%1”中的银行卡号不正确。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="122"/>
        <source>“%1” must be a number.</source>
        <translation>“%1”应为数字。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="125"/>
        <source>“%1” is not filled in correctly.</source>
        <translation>“%1”填写不正确。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="133"/>
        <source>Please fill in “%1”.</source>
        <translation>请填写“%1”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="137"/>
        <source>Please choose one of the options for “%1”.</source>
        <translation>请为“%1”选择一个选项。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="141"/>
        <source>“%1” is too long.</source>
        <translation>“%1”太长了。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="143"/>
        <source>“%1” does not match your ID card.</source>
        <translation>“%1”与您的身份证信息不一致。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="147"/>
        <source>“%1” cannot be earlier than the start date.</source>
        <translation>“%1”不能早于开始日期。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="151"/>
        <location filename="../messages.py" line="500"/>
        <source>“%1” cannot be in the future.</source>
        <translation>“%1”不能晚于今天。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="153"/>
        <source>Please fill in “%1” or one of the related fields.</source>
        <translation>请填写“%1”或相关的其中一项。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="157"/>
        <source>This service is for residents aged %1 or over.</source>
        <translation>本事项仅限年满%1周岁的市民办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="161"/>
        <source>This service is for residents aged %1 or under.</source>
        <translation>本事项仅限%1周岁及以下的市民办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="165"/>
        <source>This service is for residents aged 60 or over, minors and disabled residents.</source>
        <translation>本事项仅限60周岁以上老年人、未成年人和残疾人办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="170"/>
        <source>Please capture “%1” with the document camera.</source>
        <translation>请用高拍仪拍摄“%1”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="173"/>
        <source>Please check this item.</source>
        <translation>请检查此项。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="183"/>
        <source>The card was only partly read. Please lay it flat on the reader, keep it still, and try again.</source>
        <translation>证件没有读完整。请把证件平放在读卡区，保持不动，再试一次。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="189"/>
        <source>No card was found. Please place your card on the reader and try again.</source>
        <translation>没有检测到证件，请把证件放在读卡区后再试一次。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="193"/>
        <source>The device did not answer in time. Please try again.</source>
        <translation>设备响应超时，请再试一次。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="213"/>
        <source>The ID card reader is not working right now. Please use your social security card, or tap Help.</source>
        <translation>身份证阅读器暂时无法使用，请改用社保卡，或点击“帮助”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="219"/>
        <source>The social security card reader is not working right now. Please use your ID card or Suishen code, or tap Help.</source>
        <translation>社保卡读卡器暂时无法使用。请改用身份证或随申码，或点击“帮助”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="225"/>
        <source>The camera is not working right now. Please hold your code to the code scanner, or use your ID card.</source>
        <translation>摄像头暂时无法使用。请把码对准扫码器，或改用身份证。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="231"/>
        <source>The document camera is not working right now. Everything you filled in is kept: try again in a moment, or tap Help and a clerk can take this material.</source>
        <translation>高拍仪暂时无法使用。您填写的内容都已保留：请稍后再试，或点击“帮助”由工作人员协助收取这份材料。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="237"/>
        <source>The code scanner is not working right now. Please hold your code to the camera.</source>
        <translation>扫码器暂时无法使用。请把码对准摄像头。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="244"/>
        <source>The A4 printer is not working right now. Your certificate is kept until you leave: print it again when the printer is back, or ask at a staffed window.</source>
        <translation>A4 打印机暂时无法使用。在您离开前证明会一直保留：打印机恢复后可再次打印，或到人工窗口领取。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="249"/>
        <source>This device is not working right now. Please try another way, or tap Help.</source>
        <translation>该设备暂时无法使用，请换一种方式，或点击“帮助”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="475"/>
        <source>Your forms are filled in from your passport only: government records are found by Chinese ID number, so none were fetched. Please fill in the rest yourself.</source>
        <translation>表单仅根据您的护照填写：政务记录按中国身份证号码查找，因此没有获取记录。其余内容请您自行填写。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="484"/>
        <source>Passport number</source>
        <translation>护照号码</translation>
    </message>
    <message>
        <location filename="../messages.py" line="485"/>
        <source>Date of birth</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <location filename="../messages.py" line="486"/>
        <source>Expiry date</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../messages.py" line="493"/>
        <source>Please type “%1”.</source>
        <translation>请输入“%1”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="494"/>
        <source>Please type all 8 digits of “%1”: year, month, day.</source>
        <translation>请输入“%1”的全部 8 位数字：年、月、日。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="497"/>
        <source>“%1” is not a real date. Please check the month and day.</source>
        <translation>“%1”不是有效日期，请检查月份和日期。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="501"/>
        <source>“%1” is too early. Please check the year.</source>
        <translation>“%1”太早了，请检查年份。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="504"/>
        <source>“%1” is too far ahead. Please check the year.</source>
        <translation>“%1”太晚了，请检查年份。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="507"/>
        <source>“%1” has only letters A to Z and digits 0 to 9.</source>
        <translation>“%1”只能包含字母 A 到 Z 和数字 0 到 9。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="522"/>
        <source>The passport details you typed do not match the passport. Please check them.</source>
        <translation>您输入的护照信息与护照不符，请核对。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="527"/>
        <source>This is not an e-passport. Please use a passport with the chip symbol on its cover, or choose another way.</source>
        <translation>这不是电子护照。请使用封面有芯片标志的护照，或选择其他方式。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="533"/>
        <source>The passport chip could not be read. Please try again, or choose another way.</source>
        <translation>无法读取护照芯片。请重试，或选择其他方式。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="538"/>
        <source>The passport was moved before it was read. Please keep it still on the reader and try again.</source>
        <translation>护照在读取完成前被移动了。请把护照平放在读卡器上保持不动，然后重试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="544"/>
        <source>No passport was found. Please lay your passport flat on the reader and try again.</source>
        <translation>没有找到护照。请把护照平放在读卡器上后重试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="549"/>
        <source>The passport reader is not working right now. Please choose another way, or tap Help.</source>
        <translation>护照阅读器暂时无法使用。请选择其他方式，或点击“帮助”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="196"/>
        <source>Something went wrong with the device. Please try again, or tap Help.</source>
        <translation>设备出现问题，请再试一次，或点击“帮助”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="265"/>
        <source>The receipt printer is out of paper.</source>
        <translation>回执打印机缺纸。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="266"/>
        <source>The receipt printer cover is open.</source>
        <translation>回执打印机盖未关好。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="267"/>
        <source>The receipt printer is jammed.</source>
        <translation>回执打印机卡纸。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="242"/>
        <location filename="../messages.py" line="268"/>
        <source>The receipt printer is not working right now.</source>
        <translation>回执打印机暂时无法使用。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="257"/>
        <source>The A4 printer is working again. Tap Print the certificate again.</source>
        <translation>A4 打印机已恢复。请点击“重新打印证明”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="260"/>
        <source>The receipt printer is working again. Tap Print again.</source>
        <translation>回执打印机已恢复。请点击“重新打印”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="276"/>
        <source>The A4 printer is out of paper.</source>
        <translation>A4打印机缺纸。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="277"/>
        <source>The A4 printer cover is open.</source>
        <translation>A4打印机盖未关好。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="278"/>
        <source>The A4 printer is jammed.</source>
        <translation>A4打印机卡纸。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="286"/>
        <source>You chose to fill in forms yourself: only your ID card details are filled in.</source>
        <translation>您选择自行填写：仅自动填入身份证上的信息。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="293"/>
        <source>The network is down, so only your ID card details can be filled in. You can still apply: it is sent when the network is back.</source>
        <translation>网络暂时中断，仅能自动填入身份证上的信息。您仍可继续办理，网络恢复后自动提交。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="298"/>
        <source>No government records were found for you: please fill in the forms yourself.</source>
        <translation>未查到您的政府登记信息，请自行填写表单。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="306"/>
        <source>This kiosk cannot check Suishen codes right now (its security data is out of date). Please use your ID card or social security card.</source>
        <translation>本机暂时无法核验随申码（安全数据已过期），请使用身份证或社保卡。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="311"/>
        <source>This is not a Suishen code. Please open the Suishen code in the Suishenban app.</source>
        <translation>这不是随申码。请在“随申办”App中打开随申码。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="315"/>
        <location filename="../messages.py" line="318"/>
        <location filename="../messages.py" line="321"/>
        <location filename="../messages.py" line="324"/>
        <source>This code could not be verified. Please use your ID card, or tap Help.</source>
        <translation>此码无法核验，请使用身份证，或点击“帮助”。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="327"/>
        <source>This code is not valid yet. Please check the date and time on your phone.</source>
        <translation>此码尚未生效，请检查手机的日期和时间。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="330"/>
        <source>This code has expired. Open the Suishenban app for a new one; a paper code can be renewed with the service “Print offline Suishen code”.</source>
        <translation>此码已过期。请在“随申办”App中获取新码；纸质码可通过“离线随申码打印”事项换发。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="335"/>
        <source>This code was replaced by a newer one and no longer works. Please use your newest code.</source>
        <translation>此码已被新码替换，不能再使用，请出示您最新的随申码。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="339"/>
        <source>This code could not be verified. Please refresh it in the app and show it again.</source>
        <translation>此码无法核验，请在App中刷新后重新出示。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="343"/>
        <source>This code is out of date. Please refresh it in the app and show it again.</source>
        <translation>此码已失效，请在App中刷新后重新出示。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="346"/>
        <source>This code was already used. Please refresh it in the app and show it again.</source>
        <translation>此码已使用过，请在App中刷新后重新出示。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="351"/>
        <source>This code could not be verified.</source>
        <translation>此码无法核验。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="355"/>
        <source>The paper Suishen code does not belong to this ID card. Please use your own code and card.</source>
        <translation>纸质随申码不属于这张身份证，请使用本人的随申码和身份证。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="362"/>
        <source>Logging in with a Suishen code needs the network, which is down. Please use your ID card or social security card.</source>
        <translation>用随申码登录需要联网，目前网络中断，请使用身份证或社保卡。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="370"/>
        <source>A new code is issued only after you agree to the kiosk fetching your records. Please start again and agree, or ask at a staffed window.</source>
        <translation>需要您同意本机调取您的信息后才能出具新码。请重新开始并同意，或到人工窗口办理。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="380"/>
        <source>No page was found. Lay the page flat, face up, under the document camera.</source>
        <translation>没有找到材料。请把材料正面朝上平放在高拍仪下。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="383"/>
        <source>Part of the page is outside the picture. Move it to the middle of the area.</source>
        <translation>材料有一部分在画面外，请把它移到拍摄区域中间。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="387"/>
        <source>The picture is blurred. Keep the page flat and still, then capture again.</source>
        <translation>画面模糊。请让材料保持平整不动，然后重新拍摄。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="390"/>
        <source>There is a reflection on the page. Take it out of any plastic cover and capture again.</source>
        <translation>材料上有反光。请取出塑料封套后重新拍摄。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="394"/>
        <source>The page is too small in the picture. Lay it in the middle of the marked area.</source>
        <translation>材料在画面中太小，请放在标记区域的中间。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="398"/>
        <source>The picture is too dark. Please ask staff to check the document camera light.</source>
        <translation>画面太暗，请联系工作人员检查高拍仪灯光。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="408"/>
        <source>Please look straight at the camera.</source>
        <translation>请正对摄像头。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="409"/>
        <source>Only one person at a time, please. Others please step aside.</source>
        <translation>请一次一人，其他人请稍微让开。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="412"/>
        <source>Please come a little closer.</source>
        <translation>请再靠近一点。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="413"/>
        <source>Please step back a little.</source>
        <translation>请稍微后退一点。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="414"/>
        <source>Please move so your face is in the middle of the picture.</source>
        <translation>请移动一下，让脸位于画面中间。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="417"/>
        <source>Your face is too dark. Please face the light above the screen.</source>
        <translation>脸部太暗，请面向屏幕上方的灯光。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="420"/>
        <source>Your glasses reflect the light. Please tilt your head or take them off.</source>
        <translation>眼镜反光，请稍微侧一下头或摘下眼镜。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="423"/>
        <source>The picture is blurred. Please keep still.</source>
        <translation>画面模糊，请保持不动。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="424"/>
        <source>Good. Hold still…</source>
        <translation>很好，请保持不动……</translation>
    </message>
    <message>
        <location filename="../messages.py" line="425"/>
        <source>Photo taken.</source>
        <translation>已拍照。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="432"/>
        <source>Your face matches your ID photo.</source>
        <translation>人脸与证件照一致。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="433"/>
        <source>Your face did not match the photo held for this ID number. Check the number and try again, or use your ID card or Suishen code.</source>
        <translation>人脸与该身份证号码登记的照片不一致。请核对号码后重试，或改用身份证、随申码。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="438"/>
        <source>Face checks for this ID number are paused after several failed attempts. Please use your ID card or Suishen code, or try again in 15 minutes.</source>
        <translation>该身份证号码多次核验失败，刷脸已暂停。请改用身份证或随申码，或 15 分钟后再试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="443"/>
        <source>This ID number is not registered on the platform. Please check it, or use your ID card.</source>
        <translation>平台上没有这个身份证号码，请核对，或改用身份证。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="448"/>
        <source>No photo is held for you, so a face check is not possible. Please use your ID card or Suishen code.</source>
        <translation>平台没有您的照片，无法刷脸核验。请改用身份证或随申码。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="453"/>
        <source>The photo could not be used. Please try again, alone in the picture.</source>
        <translation>照片无法使用，请一个人入镜后重试。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="456"/>
        <source>This is not a valid ID number. Please check it and correct it.</source>
        <translation>这不是有效的身份证号码，请检查并改正。</translation>
    </message>
    <message>
        <location filename="../messages.py" line="464"/>
        <source>A face check needs the network, which is down. Please use your ID card or Suishen code instead.</source>
        <translation>刷脸核验需要网络，目前网络中断。请改用身份证或随申码。</translation>
    </message>
</context>
<context>
    <name>MirrorView</name>
    <message>
        <location filename="../clerk/mirror_view.py" line="159"/>
        <source>Buttons on screen: %1</source>
        <translation>屏幕上的按钮：%1</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="165"/>
        <source>Submitted: %1</source>
        <translation>已提交：%1</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="234"/>
        <source>The resident&apos;s screen appears here once the call connects.</source>
        <translation>通话接通后，这里显示群众的屏幕。</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="239"/>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="241"/>
        <source>revealed</source>
        <translation>已查看明文</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="243"/>
        <source>masked</source>
        <translation>已遮蔽</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="245"/>
        <source>highlighted</source>
        <translation>已高亮</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="247"/>
        <location filename="../clerk/mirror_view.py" line="264"/>
        <source>Reveal</source>
        <translation>查看明文</translation>
    </message>
    <message numerus="yes">
        <location filename="../clerk/mirror_view.py" line="251"/>
        <source>captured, %n page(s)</source>
        <translation>
            <numerusform>已拍摄 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="253"/>
        <source>not captured yet</source>
        <translation>尚未拍摄</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="259"/>
        <source>Why do you need to see %1? (recorded in the audit log)</source>
        <translation>为什么需要查看“%1”的明文？（将记入审计日志）</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="263"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../clerk/mirror_view.py" line="265"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PassportPanel</name>
    <message>
        <location filename="../screens/passport_panel.py" line="247"/>
        <source>Read my passport</source>
        <translation>读取我的护照</translation>
    </message>
    <message>
        <location filename="../screens/passport_panel.py" line="247"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>PinEntry</name>
    <message>
        <location filename="../technician_panel.py" line="135"/>
        <source>Technician PIN</source>
        <translation>维护人员密码</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="136"/>
        <source>Enter</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="137"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../clerk/queue_view.py" line="123"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="123"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="126"/>
        <source>personal</source>
        <translation>个人</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="126"/>
        <source>enterprise</source>
        <translation>企业</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="134"/>
        <source>Available</source>
        <translation>可接听</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="134"/>
        <source>On a break</source>
        <translation>休息中</translation>
    </message>
    <message numerus="yes">
        <location filename="../clerk/queue_view.py" line="137"/>
        <source>%n resident(s) waiting for your skills</source>
        <translation>
            <numerusform>%n 位群众在排队等候您可办理的事项</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="141"/>
        <source>Connecting to the platform…</source>
        <translation>正在连接平台…</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="143"/>
        <source>Calls ring here while you are available.</source>
        <translation>处于可接听状态时，来电在此响铃。</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="145"/>
        <source>You are on a break: no calls are offered to you.</source>
        <translation>您正在休息，不会为您分配来电。</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="147"/>
        <source>Answer</source>
        <translation>接听</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="148"/>
        <source>Pass to a colleague</source>
        <translation>转给同事</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="152"/>
        <source>A resident is calling</source>
        <translation>群众来电</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="155"/>
        <source>step: %1</source>
        <translation>步骤：%1</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="158"/>
        <source>waited %1</source>
        <translation>已等待 %1</translation>
    </message>
    <message>
        <location filename="../clerk/queue_view.py" line="161"/>
        <source>elderly resident</source>
        <translation>长者</translation>
    </message>
    <message numerus="yes">
        <location filename="../clerk/queue_view.py" line="164"/>
        <source>Answer within %n second(s)</source>
        <translation>
            <numerusform>请在 %n 秒内接听</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RatingChoice</name>
    <message>
        <location filename="../rating_choice.py" line="75"/>
        <source>What went wrong? Choose at least one.</source>
        <translation>哪里不满意？请至少选择一项。</translation>
    </message>
    <message>
        <location filename="../rating_choice.py" line="76"/>
        <source>Send rating</source>
        <translation>提交评价</translation>
    </message>
</context>
<context>
    <name>RatingScreen</name>
    <message>
        <location filename="../screens/rating.py" line="47"/>
        <source>How was the service?</source>
        <translation>请评价本次服务</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="48"/>
        <source>Your rating goes to the government service evaluation system.</source>
        <translation>您的评价将提交至政务服务“好差评”系统。</translation>
    </message>
    <message>
        <location filename="../screens/rating.py" line="50"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../receipt_layout.py" line="24"/>
        <source>Shanghai One-Network Services</source>
        <translation>上海一网通办</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="25"/>
        <source>Application receipt</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="27"/>
        <source>Service</source>
        <translation>办理事项</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="28"/>
        <source>Department</source>
        <translation>办理部门</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="29"/>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="30"/>
        <source>Reference</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="33"/>
        <source>Application no.</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="35"/>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="36"/>
        <source>Kiosk</source>
        <translation>终端编号</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="41"/>
        <source>Time limit</source>
        <translation>办结时限</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="42"/>
        <source>%1 working days</source>
        <translation>%1个工作日</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="47"/>
        <source>Scan to follow your application:</source>
        <translation>扫码查询办理进度：</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="49"/>
        <location filename="../receipt_layout.py" line="74"/>
        <source>Hotline 12345</source>
        <translation>服务热线 12345</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="62"/>
        <source>Offline Suishen code</source>
        <translation>离线随申码</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="65"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../receipt_layout.py" line="67"/>
        <source>Show this code with your ID card at any kiosk or window. Your previous paper code no longer works.</source>
        <translation>请与身份证一起在任一自助终端或窗口出示本码。您之前的纸质码已作废。</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../screens/review.py" line="79"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="80"/>
        <source>Submitting…</source>
        <translation>正在提交…</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="80"/>
        <source>Submit</source>
        <translation>确认提交</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="81"/>
        <source>Sign again</source>
        <translation>重新签名</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="83"/>
        <source>Please sign in the box with your finger to confirm the application.</source>
        <translation>请用手指在框内签名，确认本次申请。</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="95"/>
        <source>A few things to fix</source>
        <translation>还有几处需要修改</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="97"/>
        <source>The pre-review found these. Tap “Fix” to go straight to each one.</source>
        <translation>智能预审发现以下问题，点击“去修改”可直接修改。</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="118"/>
        <source>Fix</source>
        <translation>去修改</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="127"/>
        <source>Ready to submit</source>
        <translation>可以提交了</translation>
    </message>
    <message>
        <location filename="../screens/review.py" line="128"/>
        <source>The pre-review found no problems. Please check once more.</source>
        <translation>智能预审未发现问题，请再核对一遍。</translation>
    </message>
</context>
<context>
    <name>ServicesScreen</name>
    <message>
        <location filename="../screens/services.py" line="104"/>
        <source>Choose a service</source>
        <translation>选择办理事项</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="107"/>
        <source>Hello, %1. Tap the service you need.</source>
        <translation>%1，您好！请点击要办理的事项。</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="112"/>
        <source>Tap the service you need.</source>
        <translation>请点击要办理的事项。</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="113"/>
        <source>Personal services</source>
        <translation>个人服务</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="114"/>
        <source>Enterprise services</source>
        <translation>法人服务</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="117"/>
        <source>Previous page</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location filename="../screens/services.py" line="118"/>
        <source>Next page</source>
        <translation>下一页</translation>
    </message>
</context>
<context>
    <name>SignInView</name>
    <message>
        <location filename="../clerk/sign_in.py" line="126"/>
        <source>Remote service window</source>
        <translation>远程服务窗口</translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="127"/>
        <source>Sign in with your clerk account</source>
        <translation>请使用工作人员账号登录</translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="128"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="129"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="130"/>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="130"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="133"/>
        <source>Too many wrong passwords: the account is locked for a few minutes.</source>
        <translation>密码错误次数过多，账号已锁定，请几分钟后再试。</translation>
    </message>
    <message numerus="yes">
        <location filename="../clerk/sign_in.py" line="136"/>
        <source>Too many wrong passwords: the account is locked for %n more minute(s).</source>
        <translation>
            <numerusform>密码错误次数过多，账号已锁定，请 %n 分钟后再试。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="143"/>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="144"/>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <location filename="../clerk/sign_in.py" line="146"/>
        <source>The platform cannot be reached. Check the network and try again.</source>
        <translation>无法连接平台，请检查网络后重试。</translation>
    </message>
</context>
<context>
    <name>SubmittedScreen</name>
    <message>
        <location filename="../screens/submitted.py" line="109"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="110"/>
        <source>Print again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="112"/>
        <source>Scan with your phone to follow the progress.</source>
        <translation>用手机扫码查看办理进度。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="113"/>
        <source>Print the certificate again</source>
        <translation>重新打印证明</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="119"/>
        <source>Accepted by the clerk %1 (%2).</source>
        <translation>已由工作人员 %1（工号 %2）受理。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="125"/>
        <source>Your application is submitted</source>
        <translation>申请已提交</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="127"/>
        <source>Saved. Sending it to the service department…</source>
        <translation>已保存，正在提交至办理部门…</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="129"/>
        <source>The service department has received it.</source>
        <translation>办理部门已收到您的申请。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="133"/>
        <source>It is saved on this kiosk and will be sent automatically as soon as the network is back. You do not need to do anything.</source>
        <translation>申请已保存在本机，网络恢复后会自动提交，您无需再做任何操作。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="137"/>
        <source>Reference: %1</source>
        <translation>受理编号：%1</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="139"/>
        <source>Application number: %1</source>
        <translation>办件编号：%1</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="144"/>
        <source>Printing your receipt…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="146"/>
        <source>Please take your receipt.</source>
        <translation>请取走您的回执。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="151"/>
        <source>You can keep the reference above or scan the QR code instead.</source>
        <translation>您可以记下上面的受理编号，或扫描二维码查询。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="160"/>
        <source>Waiting for the department to issue your certificate…</source>
        <translation>正在等待部门出具证明…</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="161"/>
        <source>Printing your certificate (A4)…</source>
        <translation>正在打印证明（A4）…</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="162"/>
        <source>Please take your certificate from the A4 tray.</source>
        <translation>请从A4出纸口取走您的证明。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="165"/>
        <source>The certificate is issued online, and the network is down. Your request is saved and sent when the network is back: follow it with the QR code, or ask a staffed window for the printed certificate.</source>
        <translation>证明需联网出具，目前网络中断。您的申请已保存，网络恢复后自动提交：可扫码查看进度，或到人工窗口领取纸质证明。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="176"/>
        <source>Issuing your new offline Suishen code…</source>
        <translation>正在出具新的离线随申码…</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="177"/>
        <source>Printing your offline Suishen code…</source>
        <translation>正在打印离线随申码…</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="179"/>
        <source>Please take your new offline Suishen code. Your old paper code no longer works.</source>
        <translation>请取走新的离线随申码。您的旧纸质码已作废。</translation>
    </message>
    <message>
        <location filename="../screens/submitted.py" line="183"/>
        <source>A new offline Suishen code is issued online, and the network is down. Please try again later or ask at a staffed window; your old code keeps working until then.</source>
        <translation>新的离线随申码需联网出具，目前网络中断。请稍后再试或到人工窗口办理；在此之前旧码仍可使用。</translation>
    </message>
</context>
<context>
    <name>TechnicianPanel</name>
    <message>
        <location filename="../technician_panel.py" line="202"/>
        <source>No devices are configured.</source>
        <translation>没有配置任何设备。</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="210"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="218"/>
        <source>Test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="243"/>
        <source>ID card reader</source>
        <translation>身份证阅读器</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="244"/>
        <source>Social security card reader</source>
        <translation>社保卡读卡器</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="245"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="246"/>
        <source>Document camera</source>
        <translation>高拍仪</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="247"/>
        <source>Code scanner</source>
        <translation>扫码器</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="248"/>
        <source>Receipt printer</source>
        <translation>回执打印机</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="249"/>
        <source>A4 printer</source>
        <translation>A4 打印机</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="250"/>
        <source>Voice read-out</source>
        <translation>语音播报</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="256"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="257"/>
        <source>Working</source>
        <translation>工作中</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="258"/>
        <source>Needs attention soon</source>
        <translation>需要尽快处理</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="259"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="260"/>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="264"/>
        <source>Technician: devices and self-check</source>
        <translation>维护：设备与自检</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="265"/>
        <source>Run self-check and save report</source>
        <translation>运行自检并保存报告</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="266"/>
        <source>Quit the kiosk application</source>
        <translation>退出自助终端程序</translation>
    </message>
    <message>
        <location filename="../technician_panel.py" line="267"/>
        <source>Back to the home screen</source>
        <translation>返回首页</translation>
    </message>
</context>
<context>
    <name>TechnicianTools</name>
    <message>
        <location filename="../technician_tools.py" line="115"/>
        <source>Too many wrong PINs. Try again in %1 minutes.</source>
        <translation>密码错误次数过多，请 %1 分钟后再试。</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="119"/>
        <source>That PIN is not right.</source>
        <translation>密码不正确。</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="141"/>
        <location filename="../technician_tools.py" line="163"/>
        <source>Not connected: nothing to test</source>
        <translation>未连接，无法测试</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="152"/>
        <source>Testing...</source>
        <translation>正在测试……</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="152"/>
        <source>Hold any code to the scanner...</source>
        <translation>请把任意一个码对准扫码器……</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="157"/>
        <location filename="../technician_tools.py" line="189"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="183"/>
        <source>Printing a test page...</source>
        <translation>正在打印测试页……</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="187"/>
        <source>Test page: %1</source>
        <translation>测试页：%1</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="218"/>
        <source>Running the self-check...</source>
        <translation>正在自检……</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="226"/>
        <source>Everything is working.</source>
        <translation>一切正常。</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="227"/>
        <source>Working, with warnings.</source>
        <translation>可以工作，但有警告。</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="228"/>
        <source>Something needs fixing.</source>
        <translation>有问题需要处理。</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="233"/>
        <source>Report saved: %1</source>
        <translation>报告已保存：%1</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="239"/>
        <source>The self-check could not run: %1</source>
        <translation>自检无法运行：%1</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="244"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="245"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../technician_tools.py" line="246"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../top_bar.py" line="44"/>
        <source>One-Network Services</source>
        <translation>一网通办</translation>
    </message>
    <message>
        <location filename="../top_bar.py" line="47"/>
        <source>Standard text</source>
        <translation>标准模式</translation>
    </message>
    <message>
        <location filename="../top_bar.py" line="47"/>
        <source>Elderly mode</source>
        <translation>长者模式</translation>
    </message>
    <message>
        <location filename="../top_bar.py" line="51"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../top_bar.py" line="52"/>
        <source>Exit</source>
        <translation>退出</translation>
    </message>
</context>
</TS>
