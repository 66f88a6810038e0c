"""Receipt documents shared by the ESC/POS tests."""

from drivers.receipt import Align, Cut, Feed, Field, QrCode, ReceiptDocument, Rule, Text, Title

QR_URL = "https://zwdt.sh.gov.cn/r/SH20261130-000123"


def service_receipt() -> ReceiptDocument:
    return ReceiptDocument(
        [
            Title("上海市一网通办"),
            Text("自助服务终端 办件回执", align=Align.CENTER),
            Rule(),
            Field("办件编号", "SH20261130-000123"),
            Field("申请人", "王*英"),
            Field("事项", "居住证签注（延期）申请受理"),
            Text("请凭此回执于3个工作日内到窗口领取证照。", bold=True),
            QrCode(QR_URL, module_px=6),
            Feed(2),
            Text("谢谢！", align=Align.CENTER),
            Cut(),
        ]
    )
